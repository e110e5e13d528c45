from topten.mailer.ratelimit import Window, busiest_window, largest_grant, wait_seconds, windows

PER_SECOND = (Window(1.0, 10),)


class TestRateLimit:
    def test_the_settings_become_a_second_and_an_hour_window(self):
        assert windows(14, 50_000) == (Window(1.0, 14), Window(3600.0, 50_000))
        assert windows() == ()

    def test_a_rate_under_one_per_second_becomes_one_per_longer_window(self):
        assert windows(per_second=0.5) == (Window(2.0, 1),)

    def test_a_grant_within_quota_goes_at_once(self):
        assert wait_seconds([(0.0, 4), (0.5, 5)], 0.9, 1, PER_SECOND) == 0

    def test_a_full_window_waits_until_enough_old_grants_leave_it(self):
        grants = [(0.0, 4), (0.5, 5)]
        # 9 used, 3 wanted: the 4 granted at 0.0 must leave, at 1.0.
        assert wait_seconds(grants, 0.9, 3, PER_SECOND) == 1.0 - 0.9

    def test_it_waits_for_the_later_grant_when_the_first_is_not_enough(self):
        grants = [(0.0, 2), (0.5, 7)]
        assert wait_seconds(grants, 0.9, 5, PER_SECOND) == 1.5 - 0.9

    def test_grants_older_than_the_window_do_not_count(self):
        assert wait_seconds([(0.0, 10)], 1.0, 10, PER_SECOND) == 0

    def test_the_longest_wait_of_all_windows_wins(self):
        limits = (Window(1.0, 10), Window(3600.0, 12))
        grants = [(0.0, 10), (100.0, 1)]
        assert wait_seconds(grants, 100.5, 2, limits) == 3600.0 - 100.5

    def test_one_grant_holds_at_most_the_smallest_quota(self):
        assert largest_grant((Window(1.0, 14), Window(3600.0, 5))) == 5
        assert largest_grant(()) == 0

    def test_the_busiest_window_is_found_between_any_two_grants(self):
        grants = [(0.0, 5), (0.7, 5), (1.2, 5), (1.69, 1)]
        assert busiest_window(grants, 1.0) == 11  # (0.69, 1.69]
        assert busiest_window(grants, 0.5) == 6
