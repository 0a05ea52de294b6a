import { Users } from 'lucide-react';
import { canManageStaff, useSession } from '../features/auth/use-session.ts';
import { InviteButton } from '../features/team/invite-dialog.tsx';
import { assignableRoles } from '../features/team/roles.ts';
import { StaffList } from '../features/team/staff-list.tsx';
import { useStaff } from '../features/team/use-staff.ts';
import { toFrenchError } from '../lib/errors.ts';
import { Button } from '../ui/button.tsx';
import { EmptyState, LoadingBlock, PageHeader } from '../ui/feedback.tsx';
import { FormError } from '../ui/field.tsx';

/** « Équipe »: the agency's staff; managers and administrators invite and change roles. */
export function TeamScreen() {
  const session = useSession();
  const manages = canManageStaff(session);
  // An agent gets neither the button nor the selectors: the API would refuse them anyway.
  const myRole = manages ? session.user.role : null;
  const staff = useStaff();

  return (
    <>
      <PageHeader title="Équipe">{manages ? <InviteButton roles={assignableRoles(myRole)} /> : null}</PageHeader>
      {staff.isPending ? (
        <LoadingBlock lines={4} label="Chargement de l’équipe…" />
      ) : staff.isError ? (
        <FormError message={toFrenchError(staff.error).message} />
      ) : staff.members.length === 0 ? (
        <EmptyState icon={Users} title="Personne dans l’équipe pour l’instant">
          {manages ? 'Invitez vos collaborateurs : ils recevront un e-mail pour activer leur compte.' : null}
        </EmptyState>
      ) : (
        <>
          <StaffList members={staff.members} me={session.user.id} myRole={myRole} />
          {staff.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" disabled={staff.isFetchingNextPage} onClick={() => void staff.fetchNextPage()}>
                {staff.isFetchingNextPage ? 'Chargement…' : 'Charger plus'}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
