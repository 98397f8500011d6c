// Whether to show onboarding. The profile's preferences.onboarded is the truth every device reads;
// a learner who leaves onboarding while that could not be saved ("Continue without saving") is
// remembered on this device, so Home does not send them back, and Home keeps trying to save the
// flag so their other devices stop asking too.
import AsyncStorage from '@react-native-async-storage/async-storage';
import { useEffect, useRef, useState } from 'react';
import { useProfileQuery, useUpdateProfileMutation } from '@/state/queries/profile';

const key = (userId: string) => `chitchat.onboarding-left.${userId}`;

/** Remembers on this device that the learner left onboarding (resolves even if storage fails). */
export async function rememberOnboardingLeft(userId: string): Promise<void> {
  await AsyncStorage.setItem(key(userId), '1').catch(() => undefined);
}

/**
 * 'ask' when onboarding should be shown, 'done' when not, 'unknown' while the profile (or this
 * device's note) is loading. Saves the server flag when only this device knows.
 */
export function useOnboardingState(userId: string | undefined): 'ask' | 'done' | 'unknown' {
  const profile = useProfileQuery();
  const save = useUpdateProfileMutation();
  const [leftHere, setLeftHere] = useState<boolean | null>(null);
  const tried = useRef(false);

  useEffect(() => {
    if (!userId) return;
    let active = true;
    AsyncStorage.getItem(key(userId))
      .then((v) => active && setLeftHere(v === '1'))
      .catch(() => active && setLeftHere(false));
    return () => {
      active = false;
    };
  }, [userId]);

  const onboarded = profile.data?.preferences.onboarded === true;
  useEffect(() => {
    if (profile.data && !onboarded && leftHere && !tried.current) {
      tried.current = true;
      save.mutate({ preferences: { onboarded: true } });
    }
  }, [profile.data, onboarded, leftHere, save]);

  if (!profile.data || leftHere === null) return 'unknown';
  return onboarded || leftHere ? 'done' : 'ask';
}
