/** What the views share: the chosen region, the regions, and a way to open another view. */
export interface RegionInfo {
  id: string;
  title: string;
  shortName: string | null;
}

export const shared = {
  regionId: '',
  regions: [] as RegionInfo[],
};

export const regionName = (id: string) => {
  const r = shared.regions.find((x) => x.id === id);
  return r ? (r.shortName ?? r.title) : '';
};

type Navigate = (view: string, node?: string) => void;
let handler: Navigate = () => {};

/** main.ts installs the handler; views call navigate('puu', id) and so on. */
export function onNavigate(f: Navigate): void {
  handler = f;
}

export function navigate(view: string, node?: string): void {
  handler(view, node);
}

/** replaceChildren, skipping the parts left out (null, false). */
export function fill(el: HTMLElement, ...children: (Node | string | null | undefined | false)[]) {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

export function message(err: unknown) {
  return err instanceof Error ? err.message : String(err);
}
