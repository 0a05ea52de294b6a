import { STAFF_ROLE_LABELS, type StaffRole } from '@monimmo/contract/vocabulary/lists';
import { Mail, Phone } from 'lucide-react';
import { useId, useState } from 'react';
import { Badge } from '../../ui/badge.tsx';
import { Select } from '../../ui/field.tsx';
import { assignableRoles } from './roles.ts';
import { useChangeRole, type StaffMember } from './use-staff.ts';

const COLUMNS = 'sm:grid sm:grid-cols-[minmax(0,1.3fr)_minmax(0,1.6fr)_minmax(0,1fr)_15rem] sm:items-center sm:gap-4';

/** The staff as rows on a wide screen, as stacked cards on a phone (no table to scroll sideways). */
export function StaffList({ members, me, myRole }: { members: StaffMember[]; me: string; myRole: StaffRole | null }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div
        aria-hidden="true"
        className={`hidden border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium text-slate-500 ${COLUMNS}`}
      >
        <span>Nom</span>
        <span>E-mail</span>
        <span>Téléphone</span>
        <span>Rôle</span>
      </div>
      <ul aria-label="Membres de l’équipe" className="divide-y divide-slate-200">
        {members.map((member) => (
          <StaffRow key={member.id} member={member} isMe={member.id === me} roles={assignableRoles(myRole, member.role)} />
        ))}
      </ul>
    </div>
  );
}

function StaffRow({ member, isMe, roles }: { member: StaffMember; isMe: boolean; roles: StaffRole[] }) {
  const nameId = useId();
  const name = `${member.firstName} ${member.lastName}`;
  return (
    <li aria-labelledby={nameId} className={`space-y-1.5 px-4 py-3 sm:space-y-0 ${COLUMNS}`}>
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <span id={nameId} className="font-medium text-slate-900">
          {name}
        </span>
        {isMe ? <Badge tone="brand">vous</Badge> : null}
        {member.active ? null : <Badge tone="warning">Désactivé</Badge>}
      </div>
      <p className="flex min-w-0 items-center gap-2 text-sm text-slate-600">
        <Mail aria-hidden="true" className="h-4 w-4 shrink-0 text-slate-400 sm:hidden" />
        {member.email ? (
          <a href={`mailto:${member.email}`} title={member.email} className="truncate hover:text-brand-700 hover:underline">
            {member.email}
          </a>
        ) : null}
      </p>
      <p className="flex items-center gap-2 text-sm text-slate-600">
        <Phone aria-hidden="true" className="h-4 w-4 shrink-0 text-slate-400 sm:hidden" />
        {member.phone ? (
          <a href={`tel:${member.phone.replace(/[^+0-9]/g, '')}`} className="hover:text-brand-700 hover:underline">
            {member.phone}
          </a>
        ) : (
          <span className="text-slate-500">Non renseigné</span>
        )}
      </p>
      <div className="pt-1 sm:pt-0">
        {roles.length > 0 && member.role ? (
          <RoleSelect memberId={member.id} name={name} role={member.role} roles={roles} />
        ) : member.role ? (
          <Badge>{STAFF_ROLE_LABELS[member.role]}</Badge>
        ) : null}
      </div>
    </li>
  );
}

/** « Changer le rôle »: sent at once; the box goes back to the real role if the API refuses. */
function RoleSelect({ memberId, name, role, roles }: { memberId: string; name: string; role: StaffRole; roles: StaffRole[] }) {
  const change = useChangeRole();
  const [asked, setAsked] = useState<StaffRole | null>(null);
  return (
    <Select
      aria-label={`Changer le rôle de ${name}`}
      value={asked ?? role}
      disabled={change.isPending}
      className="sm:w-full"
      onChange={(event) => {
        const next = event.target.value as StaffRole;
        setAsked(next);
        change.mutate({ id: memberId, role: next }, { onSettled: () => setAsked(null) });
      }}
    >
      {roles.map((option) => (
        <option key={option} value={option}>
          {STAFF_ROLE_LABELS[option]}
        </option>
      ))}
    </Select>
  );
}
