import { useEffect, useState, type RefObject } from "react";
import { Button } from "~/components/ui/button";

/**
 * Copies the text of a textarea to the clipboard (`navigator.clipboard`, falling back to selecting the
 * textarea and `document.execCommand("copy")` where the Clipboard API is missing or refused) and says
 * "Copied" (or asks to copy by hand) in a live region. Hidden until JavaScript runs: without it the
 * textarea's text stays selectable.
 */
export function CopyButton({
  target,
  label = "Copy",
}: {
  target: RefObject<HTMLTextAreaElement | null>;
  label?: string;
}) {
  const [ready, setReady] = useState(false);
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => setReady(true), []);
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 4000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    const area = target.current;
    if (!area) return;
    try {
      if (!navigator.clipboard) throw new Error("no Clipboard API");
      await navigator.clipboard.writeText(area.value);
      setState("copied");
    } catch {
      area.focus();
      area.select();
      setState(document.execCommand("copy") ? "copied" : "failed");
    }
  }

  return (
    <span className={ready ? "inline-flex items-center gap-2" : "hidden"}>
      <Button variant="compact" type="button" onClick={() => void copy()}>
        {label}
      </Button>
      <span role="status" aria-live="polite" className="text-sm">
        {state === "copied" ? (
          <span className="font-medium text-emerald-700">✓ Copied</span>
        ) : state === "failed" ? (
          <span className="text-amber-800">Could not copy: the text is selected, press Ctrl+C</span>
        ) : null}
      </span>
    </span>
  );
}
