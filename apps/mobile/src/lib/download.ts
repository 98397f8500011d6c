// Saving a file the API sends as an attachment (the data export): on the web the browser downloads
// it under the server's file name; on a phone it goes to the share sheet (save to Files, mail, …).
import { Platform, Share } from 'react-native';
import { ApiError, apiUrl, getAccessToken, type ApiPath } from './api';

function fileNameOf(disposition: string | null, fallback: string) {
  const m = disposition?.match(/filename="?([^";]+)"?/i);
  return m?.[1] ?? fallback;
}

/** GETs `path` with the learner's token and saves or shares the file. Resolves with its name. */
export async function downloadFile(path: ApiPath, fallbackName: string): Promise<string> {
  const token = await getAccessToken();
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'network_error', 'Could not reach ChitChat.');
  }
  if (!res.ok) throw new ApiError(res.status, 'http_error', res.statusText);
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  if (Platform.OS === 'web') {
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } else {
    await Share.share({ title: name, message: await res.text() });
  }
  return name;
}
