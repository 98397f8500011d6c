// Metro configuration for the ChitChat app inside the npm workspace.
// - watches the repo root so hoisted packages (/node_modules) and
//   workspace packages (packages/contracts, TypeScript source) are bundled;
// - resolves modules from the app's own node_modules first, then the root's;
// - lets workspace TypeScript written for Node ESM resolve: `import './x.ts'`
//   works as is; `import './x.js'` is mapped to the `.ts` file next to it.
const path = require('path');
const { getDefaultConfig } = require('expo/metro-config');

const projectRoot = __dirname;
const workspaceRoot = path.resolve(projectRoot, '../..');
const packagesDir = path.join(workspaceRoot, 'packages');

const config = getDefaultConfig(projectRoot);

config.watchFolders = Array.from(new Set([...(config.watchFolders ?? []), workspaceRoot]));
config.resolver.nodeModulesPaths = [
  path.join(projectRoot, 'node_modules'),
  path.join(workspaceRoot, 'node_modules'),
];

const defaultResolve = config.resolver.resolveRequest;
config.resolver.resolveRequest = (context, moduleName, platform) => {
  const resolve = defaultResolve ?? context.resolveRequest;
  const fromWorkspacePackage = context.originModulePath.startsWith(packagesDir + path.sep);
  if (fromWorkspacePackage && moduleName.startsWith('.') && moduleName.endsWith('.js')) {
    try {
      return resolve(context, moduleName.replace(/\.js$/, '.ts'), platform);
    } catch {
      // fall through to the original specifier
    }
  }
  return resolve(context, moduleName, platform);
};

module.exports = config;
