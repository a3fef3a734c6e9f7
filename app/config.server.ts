import { hoursToMilliseconds } from "date-fns/hoursToMilliseconds";
import { minutesToMilliseconds } from "date-fns/minutesToMilliseconds";
import { secondsToMilliseconds } from "date-fns/secondsToMilliseconds";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import dotenv from "dotenv";
import { z } from "zod";
import {
  DEFAULT_MEETING_SCHEDULE,
  parseMeetingSchedule,
  type MeetingSchedule,
} from "~/domain/meeting-schedule";

/** Root of the project checkout (or of an unpacked release): the folder holding package.json. */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const url = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((u) => u.replace(/\/+$/, ""));
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

/** Durations like "30m", "1h", "45s" or a plain number of minutes → milliseconds. */
const duration = z
  .string()
  .regex(/^\d+\s*(s|m|h)?$/, { error: 'must be a duration such as "30m", "1h" or "900s"' })
  .transform((v) => {
    const match = /^(\d+)\s*(s|m|h)?$/.exec(v)!;
    const unit = match[2] ?? "m";
    const toMilliseconds = { s: secondsToMilliseconds, m: minutesToMilliseconds, h: hoursToMilliseconds }[
      unit
    ]!;
    return toMilliseconds(Number(match[1]));
  });

/** An on/off setting: `true`/`false`, `1`/`0`, `yes`/`no` (any case); unset or blank → off. */
const flag = z
  .string()
  .default("false")
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(["true", "false", "1", "0", "yes", "no", ""], { error: "must be true or false" }))
  .transform((v) => ["true", "1", "yes"].includes(v));

/**
 * A whole-number setting from `min` (up to `max`); unset or blank → `fallback`. A bad value gets one
 * plain message that quotes it (not zod's "expected number, received NaN").
 */
function wholeNumber(min: number, max: number | undefined, fallback: number) {
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const raw = value?.trim();
      if (!raw) return fallback;
      const n = Number(raw);
      if (/^\d+$/.test(raw) && n >= min && (max === undefined || n <= max)) return n;
      ctx.addIssue({ code: "custom", message: `must be a whole number ${range}, not "${value}"` });
      return z.NEVER;
    });
}

/**
 * The environment Blockerbugs reads (README "Configuration"). Every value is validated at start-up;
 * defaults point at the public Fedora services.
 */
const ConfigFields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "must be a postgresql:// connection URL" })
    .optional(),
  BLOCKERBUGS_DATA_DIR: z.string().default(path.join(PROJECT_ROOT, ".data", "postgres")),
  BLOCKERBUGS_DB_PORT: wholeNumber(1, 65535, 54329),
  BLOCKERBUGS_ROLE: z.enum(["primary", "secondary"]).default("primary"),
  PORT: wholeNumber(0, 65535, 3000),
  HOST: z.string().default("0.0.0.0"),
  BASE_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/, { error: 'must be a URL path such as "/blockerbugs"' })
    .default("")
    .transform((p) => p.replace(/\/+$/, "")),
  BUGZILLA_URL: url.default("https://bugzilla.redhat.com"),
  BUGZILLA_API_KEY: optionalSecret,
  BODHI_URL: url.default("https://bodhi.fedoraproject.org"),
  KOJI_URL: url.default("https://koji.fedoraproject.org/kojihub"),
  PAGURE_URL: url.default("https://pagure.io"),
  PAGURE_REPO: z
    .string()
    .regex(/^[\w.-]+(\/[\w.-]+)?$/, {
      error: (issue) =>
        `must be a Pagure project such as "fedora-qa/blocker-review", not "${String(issue.input)}"`,
    })
    .default("fedora-qa/blocker-review"),
  PAGURE_API_TOKEN: optionalSecret,
  /**
   * The Pagure project's web-hook key: with it, `POST /api/webhooks/pagure` accepts Pagure's signed
   * notifications and re-reads the ticket they name; without it the endpoint refuses every call.
   */
  PAGURE_WEBHOOK_KEY: optionalSecret,
  /** Open a Pagure discussion ticket for each newly proposed bug that has none (needs the token). */
  PAGURE_BOT_ENABLED: flag,
  /** Interval of the scheduled incremental sync (at least 1 minute; 1 second with NODE_ENV=test). */
  SYNC_INTERVAL: duration
    .default(minutesToMilliseconds(30))
    .refine((ms) => ms >= 1000, { error: "must be at least 1 second" }),
  /** On SIGTERM/SIGINT, how long a running scheduled sync may take to finish before it is cancelled. */
  SHUTDOWN_GRACE: duration.default(30_000),
  /** Timeout for one upstream HTTP request, in milliseconds. */
  UPSTREAM_TIMEOUT_MS: wholeNumber(100, undefined, 60_000),
  /** Attempts per upstream request (1 = no retry). */
  UPSTREAM_ATTEMPTS: wholeNumber(1, 10, 4),
  /** Requests in flight at most to one upstream service at once (pages, batches, multicalls). */
  UPSTREAM_CONCURRENCY: wholeNumber(1, 32, 4),
  /**
   * The nice value a sync runs at (0 to 19; higher is lower CPU priority): the scheduler's worker
   * thread and `blockerbugs sync`, so that pages stay fast while a sync works on the same cores.
   */
  SYNC_NICE: wholeNumber(0, 19, 10),
  OIDC_ISSUER: url.default("https://id.fedoraproject.org/openidc"),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: optionalSecret,
  ADMIN_GROUPS: z
    .string()
    .default("qa-admin")
    .transform((v) =>
      v
        .split(",")
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  SESSION_SECRET: optionalSecret,
  /** OAuth scopes asked for at login; Fedora Accounts sends `groups` only with its groups scope. */
  OIDC_SCOPES: z
    .string()
    .default("openid profile email https://id.fedoraproject.org/scope/groups")
    .transform((v) => v.split(/\s+/).filter(Boolean)),
  /** How long a login lasts (`12h`, `168h`). */
  SESSION_MAX_AGE: duration
    .default(hoursToMilliseconds(7 * 24))
    .refine((ms) => ms >= minutesToMilliseconds(1), { error: "must be at least 1 minute" }),
  /** Development login form (any name, chosen groups); refused when NODE_ENV=production. */
  DEV_LOGIN: flag,
  /** Proposals one user may submit per hour (counted in the database, so across nodes). */
  PROPOSAL_RATE_LIMIT: wholeNumber(1, undefined, 10),
  /**
   * Memory for anonymous pages kept per data version (MB of compressed bodies; 0 = render every
   * request). See app/server/page-cache.ts.
   */
  PAGE_CACHE_MB: wholeNumber(0, 4096, 32),
  /** The weekly blocker review meeting (`Mon 16:00 UTC`): the changes page starts at the last one. */
  MEETING_SCHEDULE: z
    .string()
    .optional()
    .transform((value, ctx): MeetingSchedule => {
      const raw = value?.trim() || DEFAULT_MEETING_SCHEDULE;
      const schedule = parseMeetingSchedule(raw);
      if (schedule) return schedule;
      ctx.addIssue({
        code: "custom",
        message: `must be a weekday and a UTC time such as "${DEFAULT_MEETING_SCHEDULE}", not "${value}"`,
      });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Shortest SESSION_SECRET accepted in production: guessing it would let anyone forge session cookies. */
const MIN_SESSION_SECRET = 32;

/** Rules across variables (they need several fields), as `{ path, message }` for each problem. */
function crossFieldIssues(cfg: Partial<z.infer<typeof ConfigFields>>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const production = cfg.NODE_ENV === "production";
  if (
    cfg.SYNC_INTERVAL !== undefined &&
    cfg.SYNC_INTERVAL < minutesToMilliseconds(1) &&
    cfg.NODE_ENV !== "test"
  )
    issues.push({ path: "SYNC_INTERVAL", message: "must be at least 1 minute" });
  if (cfg.PAGURE_BOT_ENABLED && !cfg.PAGURE_API_TOKEN)
    issues.push({
      path: "PAGURE_BOT_ENABLED",
      message: "needs PAGURE_API_TOKEN (a token with the issue_create ACL)",
    });
  if (production && !cfg.SESSION_SECRET)
    issues.push({ path: "SESSION_SECRET", message: "is required when NODE_ENV=production" });
  else if (production && cfg.SESSION_SECRET!.length < MIN_SESSION_SECRET)
    issues.push({
      path: "SESSION_SECRET",
      message: `must be at least ${MIN_SESSION_SECRET} characters when NODE_ENV=production (a long random string, e.g. openssl rand -base64 48)`,
    });
  if (production && cfg.DEV_LOGIN)
    issues.push({
      path: "DEV_LOGIN",
      message: "the development login lets anyone in as anyone; it is refused when NODE_ENV=production",
    });
  return issues;
}

/** The whole configuration: every variable, then the rules across variables. */
export const ConfigSchema = ConfigFields.superRefine((cfg, ctx) => {
  for (const issue of crossFieldIssues(cfg))
    ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
});

export type Config = z.infer<typeof ConfigSchema>;

/** Thrown when the environment holds an invalid value; the message names every bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Validates an environment object (default `process.env`, after loading the optional env file).
 * @throws ConfigError listing each bad variable on its own line.
 */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.join(".") || "(env)",
      message: i.message,
    }));
    // The rules across variables only run once every variable is valid: check them now on the
    // variables that are, so one start-up names every problem.
    const valid: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(ConfigFields.shape)) {
      const parsed = field.safeParse(env[key]);
      if (parsed.success) valid[key] = parsed.data;
    }
    for (const issue of crossFieldIssues(valid))
      if (!issues.some((i) => i.path === issue.path)) issues.push(issue);
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

/**
 * Loads `/etc/blockerbugs/blockerbugs.env` (or the file named by `BLOCKERBUGS_CONFIG`) into
 * `process.env` without overriding variables already set. A missing default file is fine; a missing
 * file named explicitly is an error.
 * @throws ConfigError when `BLOCKERBUGS_CONFIG` names a file that does not exist, or the path is not a
 *   file, or the file cannot be read (permissions).
 */
export function loadEnvFile(): void {
  const explicit = process.env.BLOCKERBUGS_CONFIG;
  const file = explicit ?? "/etc/blockerbugs/blockerbugs.env";
  if (!fs.existsSync(file)) {
    if (explicit) throw new ConfigError(`BLOCKERBUGS_CONFIG: file not found: ${explicit}`);
    return;
  }
  if (!fs.statSync(file).isFile()) throw new ConfigError(`BLOCKERBUGS_CONFIG: not a file: ${file}`);
  // dotenv only returns a read error: ignored, the defaults (public services, embedded database) would
  // silently replace the node's settings, e.g. for `blockerbugs status` run without sudo.
  const { error } = dotenv.config({ path: file, override: false, quiet: true });
  if (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EACCES"
        ? "permission denied (run as root or as a member of the file's group)"
        : error.message;
    throw new ConfigError(`cannot read ${file}: ${why}`);
  }
}

let cached: Config | undefined;

/** The process-wide configuration: env file loaded, then validated once. @throws ConfigError */
export function getConfig(): Config {
  if (!cached) {
    loadEnvFile();
    cached = parseConfig(process.env);
  }
  return cached;
}

/** Forgets the cached configuration (for tests and the CLI after it changes process.env). */
export function resetConfig(): void {
  cached = undefined;
}
