import { useEffect, useRef, useState } from 'react';
import { AccessibilityInfo, Animated, Easing, Platform, Pressable, StyleSheet, View } from 'react-native';
import { Icon, Text } from '@/components/ui';
import { dismissCelebration, useCelebration } from '@/state/celebrations';
import { useTheme } from '@/theme';

const SHOWN_MS = 7000;

/** True when the learner asked the system for less motion (web: prefers-reduced-motion). */
export function useReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() =>
    Platform.OS === 'web' && typeof window !== 'undefined' && typeof window.matchMedia === 'function'
      ? window.matchMedia('(prefers-reduced-motion: reduce)').matches
      : false,
  );
  useEffect(() => {
    let active = true;
    void AccessibilityInfo.isReduceMotionEnabled().then((v) => active && setReduced(v));
    const sub = AccessibilityInfo.addEventListener('reduceMotionChanged', setReduced);
    return () => {
      active = false;
      sub.remove();
    };
  }, []);
  return reduced;
}

/**
 * A small banner for a milestone: announced politely (role="status"), gone after a few seconds or
 * when closed. It pops in with a short scale and a sparkle; with reduced motion it simply appears.
 */
export function Celebration() {
  const item = useCelebration();
  const reduced = useReducedMotion();
  const { colors, radius, spacing } = useTheme();
  const pop = useRef(new Animated.Value(1)).current;
  const spin = useRef(new Animated.Value(0)).current;

  useEffect(() => {
    if (!item) return;
    if (!reduced) {
      pop.setValue(0.85);
      spin.setValue(0);
      Animated.parallel([
        Animated.spring(pop, {
          toValue: 1,
          friction: 5,
          tension: 140,
          useNativeDriver: Platform.OS !== 'web',
        }),
        Animated.timing(spin, {
          toValue: 1,
          duration: 700,
          easing: Easing.out(Easing.cubic),
          useNativeDriver: Platform.OS !== 'web',
        }),
      ]).start();
    }
    const t = setTimeout(() => dismissCelebration(item.id), SHOWN_MS);
    return () => clearTimeout(t);
  }, [item, reduced, pop, spin]);

  return (
    // The live region is always there, so screen readers announce the text when it appears.
    <View
      role="status"
      aria-live="polite"
      accessibilityLiveRegion="polite"
      pointerEvents="box-none"
      style={[styles.host, { padding: spacing.lg }]}
    >
      {item ? (
        <Animated.View
          testID="celebration"
          style={[
            styles.toast,
            {
              backgroundColor: colors.surface,
              borderColor: colors.success,
              borderRadius: radius.lg,
              padding: spacing.md,
              gap: spacing.md,
              transform: reduced ? [] : [{ scale: pop }],
            },
          ]}
        >
          <Animated.View
            testID={reduced ? 'celebration-still' : 'celebration-sparkle'}
            style={[
              styles.badge,
              { backgroundColor: colors.successSoft, borderRadius: radius.pill },
              reduced
                ? null
                : {
                    transform: [
                      { rotate: spin.interpolate({ inputRange: [0, 1], outputRange: ['-30deg', '0deg'] }) },
                    ],
                  },
            ]}
          >
            <Icon name="trophy" size={22} color={colors.success} />
          </Animated.View>
          <View style={styles.flex}>
            <Text variant="bodyStrong">{item.title}</Text>
            {item.lines.map((l) => (
              <Text key={l} variant="caption" tone="muted">
                {l}
              </Text>
            ))}
          </View>
          <Pressable
            accessibilityRole="button"
            accessibilityLabel="Close celebration"
            onPress={() => dismissCelebration(item.id)}
            hitSlop={8}
            style={styles.close}
          >
            <Icon name="close" size={20} color={colors.textMuted} />
          </Pressable>
        </Animated.View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  host: { position: 'absolute', left: 0, right: 0, top: 0, alignItems: 'center' },
  toast: {
    flexDirection: 'row',
    alignItems: 'center',
    width: '100%',
    maxWidth: 440,
    borderWidth: 2,
    shadowColor: '#000',
    shadowOpacity: 0.15,
    shadowRadius: 12,
    shadowOffset: { width: 0, height: 4 },
    elevation: 6,
  },
  badge: { width: 40, height: 40, alignItems: 'center', justifyContent: 'center' },
  flex: { flex: 1 },
  close: { minWidth: 32, minHeight: 32, alignItems: 'center', justifyContent: 'center' },
});
