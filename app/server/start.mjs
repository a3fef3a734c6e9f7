// `npm start` / `npm run demo`: build if needed, then run the server (or the offline demo).
import { ensureBuild } from "../cli/ensure-build.mjs";

ensureBuild();
if (process.argv.includes("--demo")) {
  const { runDemo } = await import("../../build/node/server/demo.js");
  await runDemo();
} else {
  const { main } = await import("../../build/node/server/main.js");
  await main();
}
