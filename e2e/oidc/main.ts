/** `tsx e2e/oidc/main.ts --port 3345`: the mock OpenID Connect provider (see mock-oidc.ts) until SIGTERM. */
import { startMockOidc } from "./mock-oidc";

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
const oidc = await startMockOidc(port);
console.log(`mock OIDC provider: ${oidc.issuer}`);
const stop = () => void oidc.close().finally(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
