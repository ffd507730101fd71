import { useId } from 'react';
import type { DeviceOption } from '../store/types';

export interface DeviceSelectProps {
  label: string;
  devices: DeviceOption[];
  value: string | null;
  onChange: (deviceId: string) => void;
  /** Shown when the list is empty. */
  emptyText?: string;
  /** The entry for "let the system choose" ('' value); shown when nothing specific is chosen. */
  defaultText?: string;
}

/** A labelled device picker (camera, microphone, speaker). */
export function DeviceSelect({
  label,
  devices,
  value,
  onChange,
  emptyText = 'None available',
  defaultText = 'Default',
}: DeviceSelectProps) {
  const id = useId();
  const known = value !== null && devices.some((d) => d.deviceId === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={known ? (value ?? '') : ''}
        disabled={devices.length === 0}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {devices.length === 0 && <option value="">{emptyText}</option>}
        {!known && devices.length > 0 && <option value="">{defaultText}</option>}
        {devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </div>
  );
}
