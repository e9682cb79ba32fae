export type { AudioPlayerProps } from './audio-player.js';
export { AudioPlayer } from './audio-player.js';
export type { AudioSource } from './audio-source.js';
export { createAudioSource, sniffAudioType, wrapPcm16 } from './audio-source.js';
