/** What a peer connection's stats say about the network path in use. */
export interface PathSummary {
  /** Either end reaches the other through a TURN relay. */
  relayed: boolean;
  localType: RTCIceCandidateType | null;
  remoteType: RTCIceCandidateType | null;
  roundTripMs: number | null;
}

type StatsLike = Pick<RTCStatsReport, 'forEach' | 'get'>;

/** Reads the selected candidate pair out of a `getStats()` report. */
export function summarizePath(report: StatsLike): PathSummary | null {
  let pairId: string | undefined;
  report.forEach((stat: { type: string; selectedCandidatePairId?: string }) => {
    if (stat.type === 'transport' && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
  });
  if (!pairId) {
    // Firefox has no transport stats; it marks the pair itself.
    report.forEach(
      (stat: { type: string; id: string; selected?: boolean; nominated?: boolean; state?: string }) => {
        if (!pairId && stat.type === 'candidate-pair' && stat.selected) pairId = stat.id;
      },
    );
  }
  const pair = pairId ? report.get(pairId) : undefined;
  if (!pair) return null;
  const local = report.get(pair.localCandidateId);
  const remote = report.get(pair.remoteCandidateId);
  const localType = (local?.candidateType as RTCIceCandidateType | undefined) ?? null;
  const remoteType = (remote?.candidateType as RTCIceCandidateType | undefined) ?? null;
  const rtt =
    typeof pair.currentRoundTripTime === 'number' ? Math.round(pair.currentRoundTripTime * 1000) : null;
  return {
    relayed: localType === 'relay' || remoteType === 'relay',
    localType,
    remoteType,
    roundTripMs: rtt,
  };
}
