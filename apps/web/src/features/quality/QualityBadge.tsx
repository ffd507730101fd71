import { describeReason, describeVerdict } from './classify';
import type { LinkQuality } from './qualityStore';

const BARS: Record<string, number> = { good: 3, fair: 2, poor: 1 };

/** Signal bars and, when it is not good, why; the full sentence is the accessible name. */
export function QualityBadge({ quality, showReason = true }: { quality: LinkQuality; showReason?: boolean }) {
  const { level, reasons } = quality.verdict;
  const label = describeVerdict(quality.verdict);
  const lit = BARS[level] ?? 0;
  const reason = reasons[0];
  return (
    <span
      className={`quality quality--${level}`}
      role="img"
      aria-label={label}
      title={label}
      data-quality={level}
    >
      <svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true" focusable="false">
        {[0, 1, 2].map((i) => (
          <rect
            key={i}
            x={i * 5}
            y={8 - i * 4}
            width="4"
            height={4 + i * 4}
            rx="1"
            className={i < lit ? 'quality__bar quality__bar--lit' : 'quality__bar'}
          />
        ))}
      </svg>
      {showReason && reason && <span className="quality__reason">{describeReason(reason)}</span>}
    </span>
  );
}
