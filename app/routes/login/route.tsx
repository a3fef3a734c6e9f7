import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LoginUnavailableError, oidcConfigProblem, startLogin } from "~/auth/oidc.server";
import { createUserSession, getUser, upsertUser } from "~/auth/session.server";
import { buttonClass, ErrorList, fieldErrorProps, inputClass, Notice } from "~/components/form";
import { pageTitle } from "~/components/format";
import { safeRedirect } from "~/auth/safe-redirect";

export const meta: MetaFunction = () => [{ title: pageTitle("Log in") }];

/** The development login's form (DEV_LOGIN=true only). */
const DevLoginSchema = z.object({
  login: z
    .string()
    .trim()
    .regex(/^[A-Za-z][\w.-]{0,63}$/, { error: "A user name: letters, digits, '.', '_' or '-'" }),
  email: z.union([z.literal(""), z.email({ error: "An e-mail address, or nothing" })]),
  groups: z.string().transform((v) =>
    v
      .split(/[\s,]+/)
      .map((g) => g.trim())
      .filter(Boolean),
  ),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getUser(request, context)) throw redirect(redirectTo);
  return {
    redirectTo,
    problem: oidcConfigProblem(context.config),
    devLogin: context.config.DEV_LOGIN,
    adminGroups: context.config.ADMIN_GROUPS,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const redirectTo = safeRedirect(form.get("redirectTo"));
  if (form.get("intent") === "dev") {
    if (!context.config.DEV_LOGIN) throw new Response("The development login is off", { status: 404 });
    const parsed = DevLoginSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { error: null, devErrors: z.flattenError(parsed.error).fieldErrors };
    const userId = await upsertUser(context, {
      login: parsed.data.login,
      email: parsed.data.email || undefined,
      groups: parsed.data.groups,
    });
    return redirect(redirectTo, { headers: { "Set-Cookie": await createUserSession(context, userId) } });
  }
  try {
    return await startLogin(request, context.config, redirectTo);
  } catch (error) {
    if (error instanceof LoginUnavailableError) return { error: error.message, devErrors: null };
    throw error;
  }
}

export default function Login() {
  const { redirectTo, problem, devLogin, adminGroups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error ?? problem;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Log in</h1>
      <p className="text-sm text-slate-600">
        Log in with your Fedora account to propose blocker and freeze-exception bugs. Administrators (members
        of {adminGroups.join(", ")}) also get the administration pages.
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Form method="post" className="space-y-3">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <button type="submit" name="intent" value="oidc" className={buttonClass} disabled={!!problem}>
          Log in with Fedora Accounts
        </button>
      </Form>
      {devLogin ? (
        <section aria-labelledby="dev-login" className="rounded border border-amber-300 bg-amber-50 p-4">
          <h2 id="dev-login" className="font-semibold text-amber-900">
            Development login
          </h2>
          <p className="mt-1 text-sm text-amber-900">
            DEV_LOGIN is on: log in as anyone, with any groups. Never enable this on a real server.
          </p>
          <Form method="post" className="mt-3 space-y-3">
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <label className="block text-sm font-medium">
              User name
              <input
                name="login"
                required
                className={inputClass}
                {...fieldErrorProps("dev-login-error", result?.devErrors?.login?.[0])}
              />
            </label>
            <ErrorList id="dev-login-error" errors={result?.devErrors?.login} />
            <label className="block text-sm font-medium">
              E-mail (Bugzilla account)
              <input
                name="email"
                type="email"
                className={inputClass}
                {...fieldErrorProps("dev-email-error", result?.devErrors?.email?.[0])}
              />
            </label>
            <ErrorList id="dev-email-error" errors={result?.devErrors?.email} />
            <label className="block text-sm font-medium">
              Groups (comma-separated)
              <input name="groups" className={inputClass} placeholder={adminGroups.join(", ")} />
            </label>
            <button type="submit" name="intent" value="dev" className={buttonClass}>
              Log in (development)
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
