import { Marked, type Token, type Tokens, type TokenizerAndRendererExtension } from 'marked';
import { Fragment, useMemo, type ReactNode } from 'react';
import { Linking, Platform, ScrollView, StyleSheet, View, type TextStyle } from 'react-native';
import { texToUnicode } from '@/lib/tex';
import { useTheme } from '@/theme';
import { Text } from './ui/Text';

/**
 * Markdown from the model, rendered as native text and views. Only the token tree is used (never
 * marked's HTML output): raw HTML in a reply is shown as literal text, links open only http(s)
 * and mailto, images become links, and maths ($…$, $$…$$, \(…\), \[…\]) becomes Unicode text.
 */
interface MathToken {
  type: 'math' | 'mathBlock';
  raw: string;
  text: string;
}

const inlineMath: TokenizerAndRendererExtension = {
  name: 'math',
  level: 'inline',
  start: (src) => src.match(/\$|\\\(/)?.index,
  tokenizer(src) {
    const m = /^\$(?!\s)((?:\\.|[^$\\\n])+?)(?<!\s)\$(?!\d)/.exec(src) ?? /^\\\((.+?)\\\)/.exec(src);
    return m ? { type: 'math', raw: m[0], text: m[1] ?? '' } : undefined;
  },
};

const blockMath: TokenizerAndRendererExtension = {
  name: 'mathBlock',
  level: 'block',
  start: (src) => src.match(/\$\$|\\\[/)?.index,
  tokenizer(src) {
    const m =
      /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n|$)/.exec(src) ?? /^\\\[([\s\S]+?)\\\][^\S\n]*(?:\n|$)/.exec(src);
    return m ? { type: 'mathBlock', raw: m[0], text: (m[1] ?? '').trim() } : undefined;
  },
};

const parser = new Marked({ gfm: true, breaks: true, extensions: [blockMath, inlineMath] });

export function parseMarkdown(source: string): Token[] {
  return parser.lexer(source);
}

const SAFE_LINK = /^(https?:|mailto:)/i;

export function safeHref(href: string | undefined | null): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  return SAFE_LINK.test(trimmed) ? trimmed : null;
}

export interface MarkdownProps {
  content: string;
  color: string;
  /** Called instead of opening the URL (e.g. to open citations inside the app). */
  onLinkPress?: (href: string) => void;
}

const mono = Platform.select({
  web: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  ios: 'Menlo',
  default: 'monospace',
});

export function Markdown({ content, color, onLinkPress }: MarkdownProps) {
  const tokens = useMemo(() => parseMarkdown(content), [content]);
  const theme = useTheme();
  const { colors, spacing, radius, typography } = theme;

  const openLink = (href: string) => {
    if (onLinkPress) onLinkPress(href);
    else void Linking.openURL(href);
  };

  function inline(list: Token[] | undefined, keyBase: string, style?: TextStyle): ReactNode[] {
    return (list ?? []).map((t, i) => {
      const key = `${keyBase}.${i}`;
      switch (t.type) {
        case 'strong':
          return (
            <Text key={key} style={[{ color, fontWeight: '700' }, style]}>
              {inline((t as Tokens.Strong).tokens, key)}
            </Text>
          );
        case 'em':
          return (
            <Text key={key} style={[{ color, fontStyle: 'italic' }, style]}>
              {inline((t as Tokens.Em).tokens, key)}
            </Text>
          );
        case 'del':
          return (
            <Text key={key} style={[{ color, textDecorationLine: 'line-through' }, style]}>
              {inline((t as Tokens.Del).tokens, key)}
            </Text>
          );
        case 'codespan':
          return (
            <Text
              key={key}
              style={{
                fontFamily: mono,
                fontSize: 14,
                backgroundColor: colors.surfaceAlt,
                color: colors.text,
              }}
            >
              {` ${decodeEntities((t as Tokens.Codespan).text)} `}
            </Text>
          );
        case 'link':
        case 'image': {
          const l = t as Tokens.Link | Tokens.Image;
          const href = safeHref(l.href);
          const label = t.type === 'image' ? `Image: ${l.text || l.href}` : undefined;
          if (!href)
            return (
              <Text key={key} style={{ color }}>
                {l.text}
              </Text>
            );
          return (
            <Text
              key={key}
              accessibilityRole="link"
              accessibilityLabel={label ?? `Link: ${l.text}`}
              onPress={() => openLink(href)}
              style={{ color: colors.primary, textDecorationLine: 'underline' }}
            >
              {label ?? (t.type === 'link' ? inline((t as Tokens.Link).tokens, key) : l.text)}
            </Text>
          );
        }
        case 'br':
          return <Text key={key}>{'\n'}</Text>;
        case 'math':
          return (
            <Text
              key={key}
              style={{ color, fontStyle: 'italic' }}
              accessibilityLabel={texToUnicode((t as unknown as MathToken).text)}
            >
              {texToUnicode((t as unknown as MathToken).text)}
            </Text>
          );
        case 'text': {
          const tt = t as Tokens.Text;
          if (tt.tokens?.length) return <Fragment key={key}>{inline(tt.tokens, key, style)}</Fragment>;
          return decodeEntities(tt.text);
        }
        case 'escape':
          return decodeEntities((t as Tokens.Escape).text);
        default:
          // html and anything unknown: the raw source, as text.
          return t.raw;
      }
    });
  }

  function block(list: Token[], keyBase: string): ReactNode[] {
    return list.map((t, i) => {
      const key = `${keyBase}.${i}`;
      switch (t.type) {
        case 'space':
          return null;
        case 'heading': {
          const h = t as Tokens.Heading;
          return (
            <Text
              key={key}
              accessibilityRole="header"
              variant={h.depth <= 2 ? 'heading' : 'bodyStrong'}
              style={{ color }}
            >
              {inline(h.tokens, key)}
            </Text>
          );
        }
        case 'paragraph':
          return (
            <Text key={key} style={{ color }} selectable>
              {inline((t as Tokens.Paragraph).tokens, key)}
            </Text>
          );
        case 'text': {
          const tt = t as Tokens.Text;
          return (
            <Text key={key} style={{ color }} selectable>
              {tt.tokens ? inline(tt.tokens, key) : tt.text}
            </Text>
          );
        }
        case 'code': {
          const c = t as Tokens.Code;
          return (
            <View
              key={key}
              accessibilityLabel={`Code${c.lang ? ` (${c.lang})` : ''}`}
              style={{
                backgroundColor: theme.scheme === 'dark' ? '#0B0A14' : '#1E1B3A',
                borderRadius: radius.md,
              }}
            >
              {c.lang ? (
                <Text
                  variant="small"
                  style={[
                    styles.codeLang,
                    { color: '#A9A4D6', paddingHorizontal: spacing.md, paddingTop: spacing.sm },
                  ]}
                >
                  {c.lang}
                </Text>
              ) : null}
              <ScrollView horizontal contentContainerStyle={{ padding: spacing.md }}>
                <Text selectable style={{ fontFamily: mono, fontSize: 14, lineHeight: 20, color: '#F1EFFF' }}>
                  {c.text}
                </Text>
              </ScrollView>
            </View>
          );
        }
        case 'mathBlock':
          return (
            <View
              key={key}
              style={{ backgroundColor: colors.surfaceAlt, borderRadius: radius.md, padding: spacing.md }}
            >
              <Text
                selectable
                align="center"
                style={[typography.bodyStrong, { color: colors.text, fontStyle: 'italic' }]}
              >
                {texToUnicode((t as unknown as MathToken).text)}
              </Text>
            </View>
          );
        case 'blockquote':
          return (
            <View
              key={key}
              style={{
                borderLeftWidth: 3,
                borderLeftColor: colors.primary,
                paddingLeft: spacing.md,
                gap: spacing.xs,
              }}
            >
              {block((t as Tokens.Blockquote).tokens, key)}
            </View>
          );
        case 'list': {
          const l = t as Tokens.List;
          const start = typeof l.start === 'number' ? l.start : 1;
          return (
            <View key={key} style={{ gap: spacing.xxs }}>
              {l.items.map((item, n) => (
                <View key={`${key}.${n}`} style={styles.listItem}>
                  <Text style={{ color, width: l.ordered ? 26 : 16 }}>
                    {item.task ? (item.checked ? '☑' : '☐') : l.ordered ? `${start + n}.` : '•'}
                  </Text>
                  <View style={styles.flex}>{block(item.tokens, `${key}.${n}`)}</View>
                </View>
              ))}
            </View>
          );
        }
        case 'hr':
          return <View key={key} style={{ height: 1, backgroundColor: colors.border }} />;
        case 'table': {
          const tb = t as Tokens.Table;
          return (
            <ScrollView key={key} horizontal>
              <View style={{ borderWidth: 1, borderColor: colors.border, borderRadius: radius.sm }}>
                {[tb.header, ...tb.rows].map((row, r) => (
                  <View key={r} style={[styles.row, r === 0 ? { backgroundColor: colors.surfaceAlt } : null]}>
                    {row.map((cell, c) => (
                      <Text
                        key={c}
                        style={{
                          color,
                          minWidth: 90,
                          padding: spacing.sm,
                          fontWeight: r === 0 ? '700' : '400',
                        }}
                      >
                        {inline(cell.tokens, `${key}.${r}.${c}`)}
                      </Text>
                    ))}
                  </View>
                ))}
              </View>
            </ScrollView>
          );
        }
        default:
          // html blocks and anything unknown: shown as the literal source text.
          return (
            <Text key={key} style={{ color }} selectable>
              {t.raw.replace(/\n+$/, '')}
            </Text>
          );
      }
    });
  }

  return <View style={{ gap: spacing.sm }}>{block(tokens, 'md')}</View>;
}

/** marked escapes &, <, >, " and ' in text tokens; we render text, so undo that. */
function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const styles = StyleSheet.create({
  codeLang: { textTransform: 'uppercase', letterSpacing: 0.5 },
  listItem: { flexDirection: 'row', alignItems: 'flex-start' },
  flex: { flex: 1 },
  row: { flexDirection: 'row' },
});
