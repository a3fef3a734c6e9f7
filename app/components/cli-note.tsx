import { SOURCE_CLI_COMMAND, sourceCheckoutCommand } from "~/components/format";

/**
 * A short note under `blockerbugs …` commands: in a source checkout (no installed `blockerbugs`) the
 * same command runs as `npm run cli -- …`; `example` is one of the commands shown, converted.
 */
export function SourceCheckoutNote({ example, className = "" }: { example: string; className?: string }) {
  return (
    <p className={`text-xs text-slate-500 ${className}`}>
      In a source checkout, use <code className="font-mono">{SOURCE_CLI_COMMAND}</code> instead of{" "}
      <code className="font-mono">blockerbugs</code>, e.g.{" "}
      <code className="whitespace-nowrap font-mono">{sourceCheckoutCommand(example)}</code>.
    </p>
  );
}
