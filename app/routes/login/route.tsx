import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LoginUnavailableError, oidcConfigProblem, startLogin } from "~/auth/oidc.server";
import { createUserSession, getUser, upsertUser } from "~/auth/session.server";
import { Button } from "~/components/ui/button";
import { TextField, useZodForm } from "~/components/forms";
import { Notice } from "~/components/ui/notice";
import { PageTitle } from "~/components/ui/text";
import { pageTitle } from "~/components/format";
import { safeRedirect } from "~/auth/safe-redirect";

export const meta: MetaFunction = () => [{ title: pageTitle("Log in") }];

const USER_NAME = "A user name: letters, digits, '.', '_' or '-'";

/**
 * The development login's form (DEV_LOGIN=true only). Conform sends empty fields as missing: no
 * e-mail and no groups are allowed.
 */
const DevLoginSchema = z.object({
  login: z
    .string({ error: USER_NAME })
    .trim()
    .regex(/^[A-Za-z][\w.-]{0,63}$/, { error: USER_NAME }),
  email: z.email({ error: "An e-mail address, or nothing" }).optional(),
  groups: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
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
    const submission = parseWithZod(form, { schema: DevLoginSchema });
    if (submission.status !== "success")
      return data({ error: null, devLogin: submission.reply() }, { status: 400 });
    const { login, email, groups } = submission.value;
    const userId = await upsertUser(context, { login, email, groups });
    return redirect(redirectTo, { headers: { "Set-Cookie": await createUserSession(context, userId) } });
  }
  try {
    return await startLogin(request, context.config, redirectTo);
  } catch (error) {
    if (error instanceof LoginUnavailableError) return { error: error.message, devLogin: null };
    throw error;
  }
}

export default function Login() {
  const { redirectTo, problem, devLogin, adminGroups } = useLoaderData<typeof loader>();
  // The action's replies (`data()` is not typed without the single-fetch type augmentation).
  const result = useActionData<{ error: string | null; devLogin: SubmissionResult<string[]> | null }>();
  const error = result?.error ?? problem;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>Log in</PageTitle>
      <p className="text-sm text-slate-600">
        Log in with your Fedora account to propose blocker and freeze-exception bugs. Administrators (members
        of {adminGroups.join(", ")}) also get the administration pages.
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Form method="post" className="space-y-3">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Button name="intent" value="oidc" disabled={!!problem}>
          Log in with Fedora Accounts
        </Button>
      </Form>
      {devLogin ? (
        <DevLoginForm redirectTo={redirectTo} adminGroups={adminGroups} lastResult={result?.devLogin} />
      ) : null}
    </div>
  );
}

/** The development login (DEV_LOGIN=true): any user name, e-mail and groups. */
function DevLoginForm({
  redirectTo,
  adminGroups,
  lastResult,
}: {
  redirectTo: string;
  adminGroups: string[];
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const [form, fields] = useZodForm(DevLoginSchema, { id: "dev-login", lastResult });
  return (
    <section aria-labelledby="dev-login-heading" className="rounded border border-amber-300 bg-amber-50 p-4">
      <h2 id="dev-login-heading" className="font-semibold text-amber-900">
        Development login
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        DEV_LOGIN is on: log in as anyone, with any groups. Never enable this on a real server.
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField meta={fields.login} label="User name" />
        <TextField meta={fields.email} label="E-mail (Bugzilla account)" type="email" />
        <TextField
          meta={fields.groups}
          label="Groups (comma-separated)"
          placeholder={adminGroups.join(", ")}
        />
        <Button name="intent" value="dev">
          Log in (development)
        </Button>
      </Form>
    </section>
  );
}
