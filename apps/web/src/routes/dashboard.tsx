import { PipelineCounts } from '../features/dashboard/pipeline-counts.tsx';
import { RecentMessages } from '../features/dashboard/recent-messages.tsx';
import { ReviewCounts } from '../features/dashboard/review-counts.tsx';
import { UpcomingAppointments } from '../features/dashboard/upcoming-appointments.tsx';
import { useSession } from '../features/auth/use-session.ts';
import { PageHeader } from '../ui/feedback.tsx';

/** The first screen after sign-in: the pipeline, what waits, the next appointments, the last messages. */
export function DashboardScreen() {
  const { user } = useSession();
  return (
    <div className="space-y-6">
      <PageHeader title={`Bonjour ${user.firstName}`} />
      <PipelineCounts />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <UpcomingAppointments />
        <ReviewCounts />
        <RecentMessages />
      </div>
    </div>
  );
}
