// Writes apps/mobile/.expo/types/router.d.ts: Expo Router's typed routes (app.json
// experiments.typedRoutes) for the files under app/, exactly as `expo start` generates them, so that
// `npm run typecheck` works on a clean clone (CI has no .expo/) and always sees the current routes.
// Uses the generator `expo start` itself calls (@expo/router-server, shipped with the expo package).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const mobile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appRoot = path.join(mobile, 'app');
process.env.EXPO_ROUTER_APP_ROOT = appRoot;

// @expo/router-server is a dependency of expo (possibly nested under it); expo-router is the app's.
const fromExpo = createRequire(createRequire(path.join(mobile, 'package.json')).resolve('expo/package.json'));
const fromMobile = createRequire(path.join(mobile, 'package.json'));
const { getTypedRoutesDeclarationFile } = fromExpo('@expo/router-server/build/typed-routes/generate');
const { EXPO_ROUTER_CTX_IGNORE } = fromMobile('expo-router/_ctx-shared');
const { requireContext } = fromMobile('expo-router/internal/testing');

const file = getTypedRoutesDeclarationFile(requireContext(appRoot, true, EXPO_ROUTER_CTX_IGNORE));
if (!file) {
  console.error('typed-routes: Expo Router found no routes under', appRoot);
  process.exit(1);
}
const out = path.join(mobile, '.expo/types/router.d.ts');
fs.mkdirSync(path.dirname(out), { recursive: true });
if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== file) fs.writeFileSync(out, file);
