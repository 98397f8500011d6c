// Component tests: the app's real components rendered through react-native-web into happy-dom,
// exactly as the web build renders them, and driven with @testing-library/react.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformWithOxc, type Plugin } from 'vite';
import { defineProject } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Expo packages ship JSX inside .js files (Metro compiles them); compile those here too. */
function jsxInJs(): Plugin {
  return {
    name: 'chitchat:jsx-in-js',
    enforce: 'pre',
    async transform(code, id) {
      if (
        !/node_modules\/(@expo|expo-[^/]+|react-native-[^/]+)\/.*\.js$/.test(id) ||
        !/<[A-Za-z>]/.test(code)
      )
        return null;
      const out = await transformWithOxc(code, id, { lang: 'jsx', jsx: { runtime: 'automatic' } });
      return { code: out.code, map: out.map };
    },
  };
}

export default defineProject({
  root: here,
  plugins: [jsxInJs()],
  define: {
    __DEV__: 'false',
    'process.env.EXPO_OS': JSON.stringify('web'),
  },
  resolve: {
    alias: [
      { find: /^react-native$/, replacement: 'react-native-web' },
      // Their CommonJS builds require TypeScript sources; the ES module builds are what Metro bundles for web.
      { find: /^react-native-svg$/, replacement: 'react-native-svg/lib/module/index.js' },
      {
        find: /^react-native-safe-area-context$/,
        replacement: 'react-native-safe-area-context/lib/module/index.js',
      },
      { find: /^@\//, replacement: `${path.join(here, 'src')}/` },
    ],
    extensions: ['.web.tsx', '.web.ts', '.web.js', '.tsx', '.ts', '.mjs', '.js', '.jsx', '.json'],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    name: 'mobile',
    environment: 'happy-dom',
    // happy-dom lays nothing out, so a font never "loads": expo-font skips its load observer (and the
    // timer it would leave running past the test) for user agents it knows can't report font loads.
    environmentOptions: {
      happyDOM: { settings: { navigator: { userAgent: 'Mozilla/5.0 (happy-dom) Edge/18' } } },
    },
    include: ['src/**/*.test.{ts,tsx}', 'app/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/setup.ts'],
    server: {
      deps: {
        inline: [
          /react-native-web/,
          /react-native-svg/,
          /react-native-safe-area-context/,
          /@expo\/vector-icons/,
          /expo-/,
          /@react-native/,
        ],
      },
    },
  },
});
