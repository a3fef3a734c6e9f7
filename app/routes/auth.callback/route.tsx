import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  clearLoginCookies,
  finishLogin,
  LoginUnavailableError,
  providerErrorMessage,
} from "~/auth/oidc.server";
import { Notice } from "~/components/ui/notice";
import { pageTitle } from "~/components/format";
import { logger } from "~/logger.server";
import { PageTitle } from "~/components/ui/text";

export const meta: MetaFunction = () => [{ title: pageTitle("Login failed") }];

/** The OIDC redirect URI: finishes the login, or explains why it failed (and clears the login cookies). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const failed = (message: string) => {
    const headers = new Headers();
    for (const c of clearLoginCookies(request, context.config)) headers.append("Set-Cookie", c);
    return data({ message }, { status: 400, headers });
  };
  const providerError = new URL(request.url).searchParams.get("error");
  if (providerError !== null) {
    logger.info({ error: providerError.slice(0, 64) }, "the identity provider sent back an error");
    return failed(providerErrorMessage(providerError));
  }
  try {
    return await finishLogin(request, context);
  } catch (error) {
    if (error instanceof Response) throw error;
    logger.warn({ err: (error as Error).message }, "login failed at the callback");
    return failed(
      error instanceof LoginUnavailableError
        ? error.message
        : "The identity provider's answer could not be verified (it may have expired, been used already, or come from another login attempt). Please log in again.",
    );
  }
}

export default function LoginFailed() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-md space-y-4">
      <PageTitle>Login failed</PageTitle>
      <Notice tone="error">{message}</Notice>
      <Link to="/login" className="text-sky-800 underline">
        Log in again
      </Link>
    </div>
  );
}
