/**
 * The explorer at /explorer (and GET /graphql from a browser): GraphiQL 3 bundled with its fonts,
 * the saved example operations as tabs and in an "Esimerkit / Examples" side panel.
 */
import { useEditorContext, type GraphiQLPlugin } from '@graphiql/react';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import '@graphiql/react/dist/style.css';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLES, exampleText, exampleVariables, type ExampleOperation } from './examples';
import './explorer.css';

const ENDPOINT = '/graphql';

type FetchParams = { query: string; operationName?: string | null; variables?: unknown };

async function fetcher(params: FetchParams, opts?: { headers?: Record<string, unknown> }) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  for (const [k, v] of Object.entries(opts?.headers ?? {})) if (typeof v === 'string') headers[k] = v;
  const res = await fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify(params), credentials: 'same-origin' });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
  }
}

function ExamplesPanel() {
  const editor = useEditorContext({ nonNull: true });
  const open = (e: ExampleOperation) => {
    const text = exampleText(e);
    const index = editor.tabs.findIndex((t) => (t.query ?? '').startsWith(`# ${e.fi}\n`));
    if (index >= 0) {
      editor.changeTab(index);
      return;
    }
    // Its tab was closed (or the explorer opened with ?query=): put it in the active tab.
    editor.queryEditor?.setValue(text);
    editor.variableEditor?.setValue(exampleVariables(e));
  };
  return (
    <div className="sg-examples">
      <div className="graphiql-doc-explorer-title">Esimerkit</div>
      <p className="sg-examples-intro">
        Tallennetut esimerkkikyselyt. Valitse kysely ja suorita se ▶-painikkeella. <span lang="en">Saved example operations: pick one and run it.</span>
      </p>
      <ul>
        {EXAMPLES.map((e) => (
          <li key={e.id}>
            <button type="button" data-example={e.id} onClick={() => open(e)}>
              <span className="sg-fi">{e.fi}</span>
              <span className="sg-en" lang="en">{e.en}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="sg-examples-links">
        <a href="/map">Strategiakartta</a> · <a href="/health">Tila</a>
      </p>
    </div>
  );
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6">
      <path d="M5 4h10l4 4v12H5z" />
      <path d="M8 11h8M8 14.5h8M8 18h5" />
    </svg>
  );
}

/**
 * GraphiQL 3 fills the first tab's variable editor from the `variables` prop or storage, not
 * from defaultTabs: copy the active tab's variables in once the editor exists.
 */
function ActiveTabVariables() {
  const editor = useEditorContext();
  const variableEditor = editor?.variableEditor;
  useEffect(() => {
    if (!editor || !variableEditor) return;
    const tab = editor.tabs[editor.activeTabIndex];
    if (tab?.variables && !variableEditor.getValue().trim()) variableEditor.setValue(tab.variables);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [variableEditor]);
  return null;
}

const examplesPlugin: GraphiQLPlugin = { title: 'Esimerkit / Examples', icon: ExamplesIcon, content: ExamplesPanel };

const params = new URLSearchParams(window.location.search);
const root = createRoot(document.getElementById('graphiql')!);
root.render(
  <GraphiQL
    fetcher={fetcher as never}
    plugins={[examplesPlugin]}
    visiblePlugin={examplesPlugin}
    // With ?query= the explorer opens that operation alone; the examples stay in the side panel.
    defaultTabs={params.has('query') ? undefined : EXAMPLES.map((e) => ({ query: exampleText(e), variables: exampleVariables(e) }))}
    query={params.get('query') ?? undefined}
    variables={params.get('variables') ?? undefined}
    defaultEditorToolsVisibility="variables"
    shouldPersistHeaders={false}
  >
    <GraphiQL.Logo>
      <a className="sg-logo" href="/explorer" title="Strategy Graph">
        Strategiagraafi
      </a>
      <ActiveTabVariables />
    </GraphiQL.Logo>
  </GraphiQL>,
);
document.documentElement.dataset.explorer = 'mounted';

/**
 * Accessibility that GraphiQL's options do not reach: CodeMirror's hidden text areas get names
 * (axe: label), and its scroll areas a place in the tab order (scrollable-region-focusable).
 * What is left (the tab strip's structure) is listed in the README.
 */
const EDITOR_NAMES: [string, string][] = [
  ['.graphiql-query-editor', 'Kysely (query)'],
  ['.graphiql-editor-tool .graphiql-editor:nth-child(1)', 'Muuttujat (variables)'],
  ['.graphiql-editor-tool .graphiql-editor:nth-child(2)', 'Otsakkeet (headers)'],
  ['.graphiql-response', 'Vastaus (response)'],
];
function nameEditors() {
  for (const [scope, name] of EDITOR_NAMES) {
    for (const ta of document.querySelectorAll<HTMLTextAreaElement>(`${scope} .CodeMirror textarea`)) if (!ta.getAttribute('aria-label')) ta.setAttribute('aria-label', name);
    for (const sc of document.querySelectorAll<HTMLElement>(`${scope} .CodeMirror-scroll`)) {
      if (sc.getAttribute('tabindex') === '0') continue;
      sc.setAttribute('tabindex', '0');
      sc.setAttribute('aria-label', name);
      sc.setAttribute('role', 'region');
    }
  }
}
new MutationObserver(nameEditors).observe(document.getElementById('graphiql')!, { childList: true, subtree: true });
