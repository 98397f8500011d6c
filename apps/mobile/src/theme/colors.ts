export interface ColorPalette {
  background: string;
  surface: string;
  surfaceAlt: string;
  border: string;
  text: string;
  textMuted: string;
  textInverse: string;
  primary: string;
  primaryPressed: string;
  primarySoft: string;
  onPrimary: string;
  accent: string;
  accentSoft: string;
  /** The accent as a text colour (rank numbers, small labels): ≥ 4.5:1 on surface and background. */
  accentText: string;
  success: string;
  successSoft: string;
  danger: string;
  dangerSoft: string;
  bubbleUser: string;
  bubbleUserText: string;
  bubbleAssistant: string;
  bubbleAssistantText: string;
  overlay: string;
  focus: string;
}

export const lightColors: ColorPalette = {
  background: '#F6F5FF',
  surface: '#FFFFFF',
  surfaceAlt: '#EFEDFB',
  border: '#E2DFF3',
  text: '#1C1A33',
  textMuted: '#615E7A',
  textInverse: '#FFFFFF',
  primary: '#5B4CF0',
  primaryPressed: '#4A3BD6',
  primarySoft: '#ECE9FF',
  onPrimary: '#FFFFFF',
  accent: '#FF8A5B',
  accentSoft: '#FFEDE4',
  accentText: '#A8431C',
  // Text on white, the background and successSoft is ≥ 4.7:1 (WCAG AA); the earlier #1E9E6A was 3.4:1.
  success: '#137A52',
  successSoft: '#E1F6EC',
  // 4.77:1 on dangerSoft (the danger button), 5.2:1 on the background: WCAG AA for text.
  danger: '#C42B3B',
  dangerSoft: '#FDE8EA',
  bubbleUser: '#5B4CF0',
  bubbleUserText: '#FFFFFF',
  bubbleAssistant: '#FFFFFF',
  bubbleAssistantText: '#1C1A33',
  overlay: 'rgba(20, 18, 40, 0.45)',
  // The keyboard focus ring: ≥ 3:1 against surface and background (non-text contrast).
  focus: '#4A3BD6',
};

export const darkColors: ColorPalette = {
  background: '#0F0E1A',
  surface: '#1A1929',
  surfaceAlt: '#242238',
  border: '#302E48',
  text: '#F3F2FA',
  textMuted: '#A5A2BF',
  textInverse: '#1C1A33',
  // Light enough for text on primarySoft (5.4:1); buttons carry dark text on it (onPrimary, 7.1:1).
  primary: '#9D93FF',
  primaryPressed: '#8B7FFF',
  primarySoft: '#2A2650',
  onPrimary: '#12102A',
  accent: '#FF9E76',
  accentSoft: '#3A2A26',
  accentText: '#FF9E76',
  success: '#4CCB93',
  successSoft: '#173629',
  danger: '#FF6B78',
  dangerSoft: '#3D1D22',
  // White message text on it is 5.1:1 (the earlier #6E60FA was 4.45:1).
  bubbleUser: '#6456F0',
  bubbleUserText: '#FFFFFF',
  bubbleAssistant: '#242238',
  bubbleAssistantText: '#F3F2FA',
  overlay: 'rgba(0, 0, 0, 0.6)',
  focus: '#B0A8FF',
};
