// A drop-down of the negotiation's delegations; names are rendered as text by React.
import type { ReactNode, SelectHTMLAttributes } from 'react';

export function DelegationSelect({
  delegations,
  value,
  onChange,
  emptyLabel,
  ...rest
}: {
  delegations: { id: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
  emptyLabel: ReactNode;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} {...rest}>
      <option value="">{emptyLabel}</option>
      {delegations.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </select>
  );
}
