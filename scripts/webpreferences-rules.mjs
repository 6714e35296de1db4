// The project's own rule for every window, checked beside Electronegativity: webPreferences are an
// object literal that spells out the secure values (issue 2: contextIsolation and sandbox on,
// nodeIntegration off). Electronegativity does not hold this line: it reports an explicit
// `nodeIntegration: true` as INFORMATIONAL, and not at all next to `sandbox: true`, since the
// sandbox overrides it today — but one later edit to `sandbox` would then expose Node.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Setting → the only value allowed; `required` ones must be written out.
const RULES = {
  contextIsolation: { value: true, required: true },
  sandbox: { value: true, required: true },
  nodeIntegration: { value: false, required: true },
  nodeIntegrationInWorker: { value: false },
  nodeIntegrationInSubFrames: { value: false },
  webSecurity: { value: true },
  allowRunningInsecureContent: { value: false },
  experimentalFeatures: { value: false },
  webviewTag: { value: false },
};
const FORBIDDEN = ['enableBlinkFeatures'];
const WINDOW_CLASSES = /(^|\.)(BrowserWindow|BrowserView|WebContentsView)$/;

function listTs(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listTs(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [full] : [];
  });
}

function propertyName(prop) {
  return prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : null;
}

function booleanValue(node) {
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** Checks one webPreferences value; returns problems as [node, message]. */
function checkPreferences(node) {
  if (!ts.isObjectLiteralExpression(node)) return [[node, 'webPreferences must be an object literal']];
  const problems = [];
  const seen = new Map();
  for (const prop of node.properties) {
    const name = ts.isPropertyAssignment(prop) ? propertyName(prop) : null;
    if (!name) {
      problems.push([prop, 'webPreferences may hold only plain `name: value` entries']);
      continue;
    }
    seen.set(name, prop);
    if (FORBIDDEN.includes(name)) problems.push([prop, `webPreferences.${name} is not allowed`]);
    const rule = RULES[name];
    if (rule && booleanValue(prop.initializer) !== rule.value)
      problems.push([prop, `webPreferences.${name} must be the literal ${rule.value}`]);
  }
  for (const [name, rule] of Object.entries(RULES))
    if (rule.required && !seen.has(name))
      problems.push([node, `webPreferences.${name}: ${rule.value} must be written out`]);
  return problems;
}

/** Findings, in the report's shape, for every window created under `srcDir`. */
export function webPreferencesFindings(srcDir) {
  const findings = [];
  for (const file of listTs(srcDir)) {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const report = (node, description) => {
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
      findings.push({
        scan: 'project rules',
        id: 'PROJECT_WEB_PREFERENCES',
        severity: 'HIGH',
        confidence: 'CERTAIN',
        file: path.relative(srcDir, file),
        line: line + 1,
        column: character,
        manualReview: false,
        description,
        url: 'https://www.electronjs.org/docs/latest/tutorial/security',
      });
    };
    const visit = (node) => {
      if (ts.isNewExpression(node) && WINDOW_CLASSES.test(node.expression.getText(source))) {
        const options = node.arguments?.[0];
        const prefs =
          options && ts.isObjectLiteralExpression(options)
            ? options.properties.find(
                (p) => ts.isPropertyAssignment(p) && propertyName(p) === 'webPreferences',
              )
            : undefined;
        if (!prefs) report(node, 'a window must be created with an inline webPreferences object');
        else for (const [at, message] of checkPreferences(prefs.initializer)) report(at, message);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}
