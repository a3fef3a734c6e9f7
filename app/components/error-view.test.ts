import { describe, expect, it } from "vitest";
import { errorPageView, type RouteErrorLike } from "./error-view.js";

/** A route error response as Remix makes it. */
const routeError = (status: number, statusText: string, data: unknown, internal = false): RouteErrorLike => ({
  status,
  statusText,
  data,
  internal,
});

const prod = { development: false };

describe("errorPageView", () => {
  it("turns the router's 404 for an unknown address into the friendly page", () => {
    const v = errorPageView(
      routeError(404, "Not Found", 'Error: No route matches URL "/nothing"', true),
      prod,
    );
    expect(v).toMatchObject({ status: 404, kind: "notFound", title: "Page not found" });
    expect(v.message).not.toContain("No route matches");
    expect(v.message).toMatch(/nothing at this address/);
  });

  it("turns the router's 405 for a POST to a page into 'This page cannot be submitted to'", () => {
    const data =
      'Error: You made a POST request to "/milestone/46/beta/buglist" but did not provide an `action` for ' +
      'route "routes/milestone.$release.$version.buglist", so there is no way to handle the request.';
    const v = errorPageView(routeError(405, "Method Not Allowed", data, true), prod);
    expect(v).toMatchObject({
      status: 405,
      kind: "methodNotAllowed",
      title: "This page cannot be submitted to",
    });
    expect(v.message).not.toMatch(/action|route/);
  });

  it("shows the text of a response a loader threw", () => {
    expect(
      errorPageView(routeError(404, "Not Found", "There is no milestone Fedora 99 Beta."), prod),
    ).toEqual({
      status: 404,
      kind: "notFound",
      title: "Page not found",
      message: "There is no milestone Fedora 99 Beta.",
    });
    expect(
      errorPageView(routeError(400, "Bad Request", '"abc/beta" is not a milestone'), prod),
    ).toMatchObject({
      status: 400,
      kind: "badRequest",
      title: "Bad request",
      message: '"abc/beta" is not a milestone',
    });
  });

  it("never shows the router's internal text for other statuses either", () => {
    const v = errorPageView(routeError(400, "Bad Request", "Error: Invalid request method", true), prod);
    expect(v.message).not.toContain("Invalid request method");
  });

  it("answers exceptions with a generic 500, with the message only in development", () => {
    expect(errorPageView(new Error("db down"), prod)).toEqual({
      status: 500,
      kind: "other",
      title: "Something went wrong",
      message: "The server could not show this page. Please try again later.",
    });
    expect(errorPageView(new Error("db down"), { development: true }).message).toBe("db down");
    expect(errorPageView(undefined, prod).status).toBe(500);
  });

  it("uses the status text of other error responses", () => {
    expect(errorPageView(routeError(503, "Service Unavailable", null), prod)).toMatchObject({
      status: 503,
      title: "Service Unavailable",
    });
  });
});
