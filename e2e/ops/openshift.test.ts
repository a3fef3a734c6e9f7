/**
 * The container and OpenShift files (ansible/packaging/Containerfile, ansible/openshift/), checked as far as
 * this machine can without a container engine or a cluster: the manifests parse and hang together, name
 * only settings the app knows (with the README's names), the app configured by the ConfigMap and the Secret
 * answers the Deployment's probes, and the CronJob's command runs a real sync. Run by `npm run test:ops`
 * (e2e/ops/vitest.config.ts).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Copy, DockerfileParser } from "dockerfile-ast";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ensureBuild } from "../../app/cli/ensure-build.mjs";
import { ConfigSchema, parseConfig } from "../../app/config.server";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";
import { sandboxUpstreams } from "../setup/sandbox-client";
import { emptyConfigFile, startServerProcess } from "../setup/server-process";
import { serviceProcessEnv } from "../setup/service-environment";
import { MEMORY_ENV } from "../../app/cli/memory-env.mjs";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const OPENSHIFT = path.join(ROOT, "ansible", "openshift");
const DEMO = path.join(ROOT, "e2e", "fixtures", "demo-upstream.json");

// Only the fields these checks read; anything else in the manifests is OpenShift's business.
interface EnvFrom {
  configMapRef?: { name: string };
  secretRef?: { name: string };
}
interface Probe {
  httpGet: { path: string; port: number | string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: EnvFrom[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  securityContext?: { runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean };
}
interface PodSpec {
  containers: Container[];
  restartPolicy?: string;
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  resources?: string[];
  spec?: {
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    template?: { metadata: { labels: Record<string, string> }; spec: PodSpec };
    ports?: { port: number; targetPort: number | string }[];
    schedule?: string;
    concurrencyPolicy?: string;
    startingDeadlineSeconds?: number;
    jobTemplate?: { spec: { activeDeadlineSeconds?: number; template: { spec: PodSpec } } };
    path?: string;
    to?: { kind: string; name: string };
  };
}

/** Every document of one manifest file; fails on any YAML error. */
function readManifests(file: string): Manifest[] {
  const docs = parseAllDocuments(fs.readFileSync(path.join(OPENSHIFT, file), "utf8"));
  for (const doc of docs) expect(doc.errors.map(String), file).toEqual([]);
  return docs.map((doc) => doc.toJS() as Manifest);
}

/** The one manifest of `kind` in `file`. */
function manifest(file: string, kind: string): Manifest {
  const found = readManifests(file).filter((m) => m.kind === kind);
  expect(found, `${file}: one ${kind}`).toHaveLength(1);
  return found[0]!;
}

/** The variable names of the README's Configuration table (first column, in backticks). */
function readmeSettings(): Set<string> {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Configuration\n"));
  const table = section.slice(0, section.indexOf("\n\n", section.indexOf("| variable")));
  const names = table
    .split("\n")
    .filter((row) => row.startsWith("| `"))
    .flatMap((row) => [...row.split("|")[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
  return new Set(names);
}

const configMap = manifest("configmap.yml", "ConfigMap");
const secret = manifest("secret.example.yml", "Secret");
const deployment = manifest("deployment.yml", "Deployment");
const service = manifest("service.yml", "Service");
const route = manifest("route.yml", "Route");
const cronJob = manifest("cronjob.yml", "CronJob");
const web = deployment.spec!.template!.spec.containers[0]!;
const sync = cronJob.spec!.jobTemplate!.spec.template.spec.containers[0]!;
/** The settings as the web pods get them: ConfigMap, Secret, then the container's own `env`. */
const webEnv: Record<string, string> = {
  ...configMap.data,
  ...secret.stringData,
  ...Object.fromEntries((web.env ?? []).map((e) => [e.name, e.value ?? ""])),
};

describe("OpenShift manifests (ansible/openshift)", () => {
  it("every file parses, and kustomization.yml applies all but the Secret's template", () => {
    const files = fs.readdirSync(OPENSHIFT).filter((f) => f.endsWith(".yml"));
    for (const file of files)
      for (const m of readManifests(file)) {
        expect(m.apiVersion, file).toBeTruthy();
        expect(m.kind, file).toBeTruthy();
        if (m.kind !== "Kustomization") expect(m.metadata?.name, file).toMatch(/^blockerbugs-/);
      }
    const kustomization = manifest("kustomization.yml", "Kustomization");
    expect([...kustomization.resources!].sort()).toEqual(
      files.filter((f) => f !== "kustomization.yml" && f !== "secret.example.yml").sort(),
    );
  });

  it("name only settings the app knows, as the README's Configuration table names them", () => {
    const known = new Set(Object.keys(ConfigSchema.shape));
    const readme = readmeSettings();
    expect(readme.size).toBeGreaterThan(20);
    const processEnv = serviceProcessEnv();
    const named = [
      ...Object.keys(configMap.data!),
      ...Object.keys(secret.stringData!),
      ...[web, sync].flatMap((c) => (c.env ?? []).map((e) => e.name)).filter((name) => !(name in processEnv)),
    ];
    expect(named.filter((name) => !known.has(name))).toEqual([]);
    expect(named.filter((name) => !readme.has(name))).toEqual([]);
    // Secrets only in the Secret.
    const secrets = [
      "DATABASE_URL",
      "SESSION_SECRET",
      "BUGZILLA_API_KEY",
      "PAGURE_API_TOKEN",
      "OIDC_CLIENT_SECRET",
    ];
    expect(Object.keys(secret.stringData!).sort()).toEqual([...secrets].sort());
    expect(Object.keys(configMap.data!).filter((name) => secrets.includes(name))).toEqual([]);
    // Both workloads read the same ConfigMap and Secret.
    for (const container of [web, sync])
      expect(container.envFrom).toEqual([
        { configMapRef: { name: configMap.metadata.name } },
        { secretRef: { name: secret.metadata.name } },
      ]);
  });

  it("the web pods get the memory settings of the packaged systemd unit (Node.js and glibc)", () => {
    const processEnv = serviceProcessEnv();
    expect(Object.keys(processEnv).length).toBeGreaterThanOrEqual(2);
    const pods = Object.fromEntries(
      (web.env ?? []).filter((e) => e.name in processEnv).map((e) => [e.name, e.value ?? ""]),
    );
    expect(pods).toEqual(processEnv);
  });

  it("the sync CronJob's pods get them too, and so does the blockerbugs command wherever it runs", () => {
    const processEnv = serviceProcessEnv();
    const pods = Object.fromEntries(
      (sync.env ?? []).filter((e) => e.name in processEnv).map((e) => [e.name, e.value ?? ""]),
    );
    expect(pods).toEqual(processEnv);
    expect(MEMORY_ENV).toEqual(processEnv);
  });

  it("the app accepts the ConfigMap and the Secret (placeholders filled in)", () => {
    const env = {
      ...webEnv,
      DATABASE_URL: "postgresql://blockerbugs:pw@db.example.org:5432/blockerbugs",
      SESSION_SECRET: "a-session-secret-of-at-least-32-characters",
    };
    const config = parseConfig(env);
    expect(config.NODE_ENV).toBe("production");
    expect(config.BLOCKERBUGS_ROLE).toBe("secondary");
    expect(config.PORT).toBe(8080);
    expect(config.HOST).toBe("0.0.0.0");
  });

  it("the web Deployment: secondaries on port 8080, probed on /readyz and /healthz under BASE_PATH", () => {
    expect(web.env).toContainEqual({ name: "BLOCKERBUGS_ROLE", value: "secondary" });
    expect(web.ports).toEqual([{ name: "http", containerPort: Number(configMap.data!.PORT) }]);
    expect(web.ports![0]!.containerPort).toBe(8080);
    const base = configMap.data!.BASE_PATH;
    expect(web.readinessProbe!.httpGet).toEqual({ path: `${base}/readyz`, port: "http" });
    expect(web.livenessProbe!.httpGet).toEqual({ path: `${base}/healthz`, port: "http" });
    expect(web.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(deployment.spec!.selector!.matchLabels).toEqual(deployment.spec!.template!.metadata.labels);
    // The Service and the Route reach those pods on that port.
    expect(service.spec!.selector).toEqual(deployment.spec!.template!.metadata.labels);
    expect(service.spec!.ports).toEqual([{ name: "http", port: 8080, targetPort: "http" }]);
    expect(route.spec!.to).toEqual({ kind: "Service", name: service.metadata.name });
    expect(route.spec!.path).toBe(base);
  });

  it("the sync CronJob: blockerbugs sync every 30 minutes, never overlapping, within 10 and 15 minutes", () => {
    expect(cronJob.spec).toMatchObject({
      schedule: "*/30 * * * *",
      concurrencyPolicy: "Forbid",
      startingDeadlineSeconds: 600,
    });
    expect(cronJob.spec!.jobTemplate!.spec.activeDeadlineSeconds).toBe(900);
    expect(cronJob.spec!.jobTemplate!.spec.template.spec.restartPolicy).toBe("Never");
    expect(sync.command).toEqual(["blockerbugs", "sync"]);
    expect(sync.image).toBe(web.image);
  });
});

describe("the app and the CLI, configured as the manifests configure them", () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  /** The pods' settings, pointed at the test database and the sandbox. */
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuild();
    database = await createTestDatabase();
    sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
    env = {
      ...webEnv,
      DATABASE_URL: database.url,
      SESSION_SECRET: "a-session-secret-of-at-least-32-characters",
      ...sandboxUpstreams(sandbox.url),
      PAGURE_REPO: loadDataset(DEMO).pagure.repo,
      UPSTREAM_ATTEMPTS: "1",
      LOG_LEVEL: "warn",
    };
  }, 300_000);
  afterAll(async () => {
    await sandbox?.close();
    await database?.drop();
  });

  /** Runs the built `blockerbugs` command with `args` and the pods' settings only. */
  function blockerbugs(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const childEnv = {
      ...env,
      NODE_ENV: env.NODE_ENV as NodeJS.ProcessEnv["NODE_ENV"],
      PATH: process.env.PATH!,
      BLOCKERBUGS_CONFIG: emptyConfigFile(),
    };
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, "app", "cli", "bin.mjs"), ...args],
        { cwd: os.tmpdir(), env: childEnv },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it("the Deployment's probe paths answer 200 on a pod's server", { timeout: 120_000 }, async () => {
    // At info level, the server logs that it is serving (what startServerProcess waits for).
    const server = await startServerProcess({ ...env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" });
    try {
      for (const probe of [web.readinessProbe!, web.livenessProbe!]) {
        const response = await fetch(`${server.origin}${probe.httpGet.path}`);
        expect(response.status, probe.httpGet.path).toBe(200);
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("the CronJob's command is one the CLI accepts: it syncs", async () => {
    expect((await blockerbugs(["discover", "--release", "46"])).status).toBe(0);
    const [command, ...args] = sync.command!;
    expect(command).toBe("blockerbugs");
    const run = await blockerbugs(args);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Sync done .*bugzilla success: 2 milestones, [1-9]\d* bugs read/);
  });
});

describe("Containerfile (ansible/packaging)", () => {
  const dockerfile = DockerfileParser.parse(
    fs.readFileSync(path.join(ROOT, "ansible", "packaging", "Containerfile"), "utf8"),
  );
  const froms = dockerfile.getFROMs();
  const instructions = dockerfile.getInstructions();
  /** The instructions of the last stage (the image that runs). */
  const final = instructions.slice(instructions.indexOf(froms.at(-1)!));
  const args = (keyword: string, within = final) =>
    within.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? "");

  it("is multi-stage: the build stage copies only files of the checkout, the last one copies its release", () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const stage = froms[0]!.getBuildStage();
    expect(stage).toBeTruthy();
    const copies = instructions.filter((i): i is Copy => i instanceof Copy);
    /** The sources of one COPY (its arguments but the last, the destination). */
    const sources = (copy: Copy) =>
      copy
        .getArguments()
        .map((a) => a.getValue())
        .slice(0, -1);
    const fromCheckout = copies.filter((c) => !c.getFromFlag()).flatMap(sources);
    expect(fromCheckout.length).toBeGreaterThan(0);
    for (const source of fromCheckout) {
      expect(fs.existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(source, "no test code in the image").not.toMatch(/^(\.|e2e)/);
    }
    // What release.sh takes from the checkout is in the build stage.
    const release = fs.readFileSync(path.join(ROOT, "ansible", "release.sh"), "utf8");
    for (const top of [
      "package.json",
      "package-lock.json",
      "prisma.config.ts",
      "README.md",
      "prisma",
      "public",
      "app",
    ]) {
      expect(release, top).toContain(top);
      expect(fromCheckout, top).toContain(top);
    }
    const finalCopies = copies.filter((c) => final.includes(c));
    expect(
      finalCopies.map((c) => [c.getFromFlag()?.getValue(), ...c.getArguments().map((a) => a.getValue())]),
    ).toEqual([[stage, "/release", "/opt/blockerbugs"]]);
  });

  it("runs as a non-root user on port 8080, with blockerbugs on PATH", () => {
    const user = args("USER").at(-1)!;
    expect(user).toMatch(/^\d+$/);
    expect(Number(user)).toBeGreaterThan(0);
    expect(args("EXPOSE")).toEqual(["8080"]);
    expect(args("ENV").join(" ")).toMatch(/\bPORT=8080\b/);
    expect(args("RUN").join(" ")).toContain(
      "ln -s /opt/blockerbugs/app/cli/bin.mjs /usr/local/bin/blockerbugs",
    );
    expect(args("CMD")).toEqual(['["node", "/opt/blockerbugs/build/node/server/main.js"]']);
    // The Deployment runs the image's own server; the CronJob its blockerbugs command.
    expect(web.command).toEqual(["node", "/opt/blockerbugs/build/node/server/main.js"]);
  });
});
