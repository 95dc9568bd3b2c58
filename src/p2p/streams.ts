// How our traffic sits on libp2p streams: the protocol id each channel's streams are opened under,
// and the bytes of a stream's message event (libp2p hands over a list of chunks or one array).

/** The libp2p protocol id of channel `id`. */
export const channelProtocol = (id: string): string => `/polity/1/${id}`;

/** A stream message's data as one byte array. */
export const chunkBytes = (data: Uint8Array | { subarray(): Uint8Array }): Uint8Array =>
  data instanceof Uint8Array ? data : data.subarray();
