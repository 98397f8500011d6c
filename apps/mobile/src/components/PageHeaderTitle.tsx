import type { ComponentProps } from 'react';
import { HeaderTitle } from 'expo-router/react-navigation';
import { usePageTitle } from '@/lib/pageTitle';

type Props = ComponentProps<typeof HeaderTitle> & { children: string };

/**
 * A stack screen's header title (the page's h1, as the navigation library draws it) that also
 * names the browser tab after it ("Review · ChitChat"), so every screen with a header has its
 * own page title without each screen setting one.
 */
export function PageHeaderTitle(props: Props) {
  usePageTitle(props.children);
  return <HeaderTitle {...props} />;
}
