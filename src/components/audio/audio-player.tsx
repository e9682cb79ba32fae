import type { HTMLAttributes } from 'react';
import { forwardRef, useEffect, useState } from 'react';
import type { OutputAudio } from '../../core/types.js';
import type { ChatMessage } from '../../store/types.js';
import { useMessageContext } from '../message/message-context.js';
import { cx } from '../primitives/class-names.js';
import type { AudioSource } from './audio-source.js';
import { createAudioSource } from './audio-source.js';

/** Props of `AudioPlayer`. */
export interface AudioPlayerProps extends HTMLAttributes<HTMLDivElement> {
  /**
   * The message (defaults to the one of the nearest `MessageView.Root`). Only an assistant message has audio.
   */
  message?: ChatMessage | undefined;
  /** Hide the transcript. */
  hideTranscript?: boolean | undefined;
}

function useAudioSource(audio: OutputAudio | null | undefined, ready: boolean): AudioSource | undefined {
  const [source, setSource] = useState<AudioSource | undefined>(undefined);
  const data = ready ? audio?.data : undefined;
  const format = audio?.format;
  useEffect(() => {
    // No data yet, or undecodable data: no source (the player shows the transcript).
    let created: AudioSource | undefined;
    try {
      if (data) created = createAudioSource(data, format);
    } catch {}
    setSource(created);
    return () => created?.revoke();
  }, [data, format]);
  return source;
}

/**
 * A player for the audio an assistant message carries (`message.audio`, base64), with its
 * transcript. While the reply streams it says the audio is on its way. `data-state` is
 * `receiving`, `ready` or `unavailable`.
 *
 * @example
 * <AudioPlayer message={message} />
 */
export const AudioPlayer = /* @__PURE__ */ forwardRef<HTMLDivElement, AudioPlayerProps>(function AudioPlayer(
  { message: messageProp, hideTranscript, className, ...props },
  ref,
) {
  const message = useMessageContext(messageProp, 'AudioPlayer');
  const audio = message.role === 'assistant' ? message.audio : undefined;
  const streaming = message.status === 'streaming';
  const source = useAudioSource(audio, !streaming);
  if (!audio || (!audio.data && !audio.transcript)) return null;
  const state = streaming ? 'receiving' : source ? 'ready' : 'unavailable';
  return (
    <div {...props} ref={ref} className={cx('rcc-audio', className)} data-state={state}>
      {state === 'receiving' && <p className="rcc-audio-status">Receiving audio…</p>}
      {source && (
        // biome-ignore lint/a11y/useMediaCaption: the transcript is shown next to the player
        <audio controls src={source.url} aria-label="Reply audio" className="rcc-audio-player" />
      )}
      {!hideTranscript && audio.transcript && <p className="rcc-audio-transcript">{audio.transcript}</p>}
    </div>
  );
});
