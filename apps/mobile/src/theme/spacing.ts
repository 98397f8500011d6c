/** 4-point spacing scale. */
export const spacing = {
  xxs: 2,
  xs: 4,
  sm: 8,
  md: 12,
  lg: 16,
  xl: 24,
  xxl: 32,
  xxxl: 48,
} as const;

export const radius = {
  sm: 8,
  md: 12,
  lg: 16,
  xl: 24,
  pill: 999,
} as const;

/** Content never grows wider than this on desktop/tablet widths. */
export const maxContentWidth = 720;

/** Content width of a desktop window's multi-column screens (library, lists beside details). */
export const WIDE_CONTENT_WIDTH = 1120;
