-- via: rule
-- expect: limit exceeded (
-- Issue 13, case 2: the worst consequence was a `qufa remind` started by cron hanging with the
-- write lock held. A rule that loops is stopped and reported; see also remind_cron.sh.
while true do end
