"""`manage.py seed_demo`: demo directory, demo logins and demo disputes (idempotent)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cases.access import ensure_role_groups
from centers.models import Center
from demo import accounts, directory, disputes

DEFAULT_DISPUTES = 200
MAX_DISPUTES = 1_000_000


class Command(BaseCommand):
    help = (
        "Create demo data: a trade-union association and a reconciliation center in every region, mediators, "
        "demo logins (printed) and demo disputes in every status. Running it again tops up, never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--disputes", type=int, default=DEFAULT_DISPUTES, help="Top the demo disputes up to this many."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random draws (same seed, same data).")
        parser.add_argument("--batch-size", type=int, default=1000, help="Disputes per transaction.")
        parser.add_argument("--if-empty", action="store_true", help="Seed only when there are no centers yet.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even with DEBUG off. The demo logins have a published password: never on a public server.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["disputes"]
        if not 0 <= target <= MAX_DISPUTES:
            raise CommandError(f"--disputes must be between 0 and {MAX_DISPUTES:,}.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates logins with a published password, so it runs only with DEBUG on "
                "(or with --allow-without-debug on a machine nobody else can reach)."
            )
        if options["if_empty"] and Center.objects.exists():
            self.stdout.write("Centers exist already: demo data not seeded.")
            accounts.ensure_second_factors()  # a database seeded before the back office asked for them
            self._print_logins(seed=options["seed"])
            return

        with transaction.atomic():
            ensure_role_groups()
            centers = directory.ensure_directory(seed=options["seed"])
            users = accounts.ensure_logins(centers=centers)
            mediators = directory.ensure_mediators(
                centers=centers, seed=options["seed"], demo_mediator=users[accounts.MEDIATOR], disputes=target
            )
        self.stdout.write(f"Directory: {len(centers)} centers with rooms, {len(mediators)} mediators.")

        result = disputes.top_up(
            target=target,
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=not options["no_progress"] and options["verbosity"] > 0,
        )
        if result.created:
            self.stdout.write(
                f"Created {result.created:,} demo disputes ({result.rows:,} rows) in {result.seconds:.1f} s: "
                f"{result.rows_per_second:,.0f} rows/s, {result.created / result.seconds:,.0f} disputes/s."
            )
        else:
            self.stdout.write(f"There are {target:,} or more demo disputes already: none added.")
        self._print_logins(seed=options["seed"])

    def _print_logins(self, *, seed: int) -> None:
        rows = accounts.login_table()
        width = max(len(email) for _role, email, _where in rows)
        self.stdout.write("")
        self.stdout.write(self.style.WARNING("Demo logins — DEMO ONLY, never on a public server:"))
        for role, email, where in rows:
            self.stdout.write(f"  {email:<{width}}  {where:<17} {role}")
        self.stdout.write(f"  password for all of them: {accounts.DEMO_PASSWORD}")
        recovery_codes = accounts.unused_recovery_codes()
        if recovery_codes:
            self.stdout.write(
                "  second factor of the /admin/ logins: the code of an authenticator app set up with the secret "
                f"{accounts.DEMO_TOTP_SECRET},\n  or one of these recovery codes (each works once):"
            )
            for email, codes in recovery_codes.items():
                self.stdout.write(f"    {email:<{width}}  {' '.join(codes) or '(all used: sign in with the TOTP)'}")
        example = disputes.track_example(seed=seed)
        if example:
            number, code = example
            self.stdout.write(f"  track a dispute at /track/: number {number}, access code {code}")
        self.stdout.write("")
