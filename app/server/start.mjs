// `npm start`: build if needed, then run the server. With --demo (`npm run demo`), the offline demo
// instead: a development entry point (demo-start.mjs), which a release does not ship.
import fs from "node:fs";
import { ensureBuild } from "../cli/ensure-build.mjs";

ensureBuild();
if (process.argv.includes("--demo")) {
  if (!fs.existsSync(new URL("./demo-start.mjs", import.meta.url))) {
    console.error(
      "blockerbugs: error: the demo is a development entry point, not part of a release: run it in a checkout",
    );
    process.exit(1);
  }
  await import("./demo-start.mjs");
} else {
  const { main } = await import("../../build/node/server/main.js");
  await main();
}
