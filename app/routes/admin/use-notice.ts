import { useLocation } from "@remix-run/react";
import { useState } from "react";

/**
 * The one-time notice of this visit of the page: what the loader returned when the page was navigated
 * to, kept while the page revalidates itself (the live sync status reloads the loader data, which has
 * no notice any more: the flash cookie was read once) and replaced on the next navigation.
 */
export function useNoticeOfThisVisit(notice: string | null): string | null {
  const { key } = useLocation();
  const [kept, setKept] = useState({ key, notice });
  if (kept.key !== key) {
    setKept({ key, notice });
    return notice;
  }
  return kept.notice;
}
