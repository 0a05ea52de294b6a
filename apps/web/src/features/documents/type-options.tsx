import { TYPE_GROUPS } from './document-types.ts';

/** Every document type as `<option>`s, one `<optgroup>` per family. */
export function TypeOptions() {
  return (
    <>
      {TYPE_GROUPS.map((group) => (
        <optgroup key={group.family} label={group.label}>
          {group.types.map((type) => (
            <option key={type.value} value={type.value}>
              {type.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
