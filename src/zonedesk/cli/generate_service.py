"""The generator's service side: demands in every state with their moves and Events, visits with findings, and
the task forces of key projects with milestones, tasks and weekly reports."""

from datetime import timedelta

from zonedesk.demands.models import Demand, DemandCategory, DemandMove
from zonedesk.demands.states import DATE_FIELD, Level, Outcome, Source, State
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage
from zonedesk.taskforces.models import Milestone, Task, TaskForce, TaskStatus, WeeklyReport
from zonedesk.visits.models import Visit, VisitStatus

from .generate_base import BATCH, DEMAND_TITLES, PATHS, STATE_MIX, GeneratorBase, moment


class ServiceRecords(GeneratorBase):
    def demands(self) -> None:
        rng, today = self.rng, self.today
        categories = list(DemandCategory.objects.filter(unit=None, parent__isnull=False).values_list("pk", flat=True))
        categories = categories or list(DemandCategory.objects.filter(unit=None).values_list("pk", flat=True))
        finals = [s for s, _w in STATE_MIX]
        weights = [w for _s, w in STATE_MIX]
        demands, moves = self.rows(Demand), self.rows(DemandMove)
        for n in range(self.size.demands):
            zone = self.zones[n % len(self.zones)]
            final = rng.choices(finals, weights)[0]
            path = PATHS[final]
            day, days = self._day(2), []
            for _state in path:
                days.append(min(day, today))
                day += timedelta(days=rng.randint(1, 12))
            source = rng.choice([Source.VISIT, Source.PORTAL, Source.PORTAL, Source.HOTLINE, Source.MEETING])
            values = {DATE_FIELD[state]: on for state, on in zip(path, days, strict=True)}
            if State.ASSIGNED in path:
                values["assigned_department_id"] = rng.choice(self.departments[zone.pk]).pk
                values["deadline"] = values["assigned_on"] + timedelta(days=14)
            if State.RESOLVED in path:
                values["outcome"] = rng.choices(list(Outcome.values), [80, 12, 8])[0]
                values["outcome_note"] = "不符合政策" if values["outcome"] == Outcome.NOT_SOLVABLE else "已协调解决"
            if final == State.REOPENED:
                values["outcome"] = values["outcome_note"] = ""  # the answer did not hold
            if final == State.CONFIRMED:
                values["confirmed_auto"] = rng.random() < 0.15
                if not values["confirmed_auto"]:
                    values["satisfaction"] = rng.choices([1, 2, 3, 4, 5], [2, 3, 10, 35, 50])[0]
                    values["is_dissatisfied"] = values["satisfaction"] <= 2
            if final in (State.RETURNED, State.REJECTED, State.REOPENED):
                values["reason"] = "请补充材料" if final == State.RETURNED else "情况说明不充分"
            enterprise = rng.choice(self.enterprises_of[zone.pk])
            pk = demands.add(
                enterprise_id=enterprise,
                unit_id=zone.pk,
                handling_unit_id=zone.pk,
                category_id=rng.choice(categories),
                source=source,
                level=Level.ZONE,
                title=rng.choice(DEMAND_TITLES),
                reference=f"G{n:09d}" if source == Source.HOTLINE else "",
                state=final,
                **values,
            )
            previous = ""
            for state, on in zip(path, days, strict=True):
                verb = f"demand.{state}" if previous else "demand.submitted"
                event = self.event(verb, self.types[Demand], pk, zone.pk, moment(on, rng), {"state": state}, enterprise)
                department = values.get("assigned_department_id") if state in (State.ASSIGNED, State.RESOLVED) else None
                moves.add(
                    demand_id=pk,
                    unit_id=zone.pk,
                    from_state=previous,
                    to_state=state,
                    on=on,
                    department_id=department,
                    event_id=event,
                )
                previous = state

    def visits(self) -> None:
        rng = self.rng
        for start in range(0, self.size.visits, BATCH):
            rows = []
            for n in range(start, min(start + BATCH, self.size.visits)):
                zone = self.zones[n % len(self.zones)]
                day = self._day(1)
                done = day < self.today and rng.random() < 0.9
                total = rng.randint(20, 800)
                rows.append(
                    Visit(
                        enterprise_id=rng.choice(self.enterprises_of[zone.pk]),
                        unit=zone,
                        planned_on=day,
                        visited_on=day if done else None,
                        status=VisitStatus.DONE if done else VisitStatus.PLANNED,
                        summary="走访了解生产经营情况" if done else "",
                        employees_total=total if done else None,
                        employees_on_duty=rng.randint(total // 2, total) if done else None,
                        capacity_in_use_percent=rng.randint(40, 100) if done else None,
                        plans_to_expand=done and rng.random() < 0.05,
                        risk_note="计划扩产" if done else "",
                    )
                )
            self._bulk(Visit, rows)

    def task_forces(self) -> None:
        rng, today = self.rng, self.today
        key = Project.objects.filter(stage__in=[Stage.SIGNED, Stage.STARTED], unit__in=self.zones).order_by("pk")
        chosen = list(key.values_list("pk", "unit_id", "signed_on")[: self.size.task_forces])
        forces = [
            TaskForce(
                project_id=pk, unit_id=unit_id, leader_id=self.officers[-unit_id][0], created_on=signed_on or today
            )
            for pk, unit_id, signed_on in chosen
        ]
        forces = self._bulk(TaskForce, forces)
        milestones, tasks, reports = [], [], []
        for force in forces:
            departments = self.departments[force.unit_id]
            for k, name in enumerate(["土地摘牌", "施工许可", "主体封顶", "设备进场", "竣工投产"]):
                planned = force.created_on + timedelta(days=60 * (k + 1))
                milestones.append(
                    Milestone(
                        task_force=force,
                        name=name,
                        planned_on=planned,
                        actual_on=planned if planned < today and rng.random() < 0.7 else None,
                    )
                )
            for k in range(6):
                deadline = force.created_on + timedelta(days=rng.randint(10, 300))
                done = deadline < today and rng.random() < 0.75
                tasks.append(
                    Task(
                        task_force=force,
                        title=f"责任事项{k + 1}",
                        owner_department=departments[k % len(departments)],
                        deadline=deadline,
                        status=TaskStatus.DONE if done else TaskStatus.OPEN,
                        done_on=deadline + timedelta(days=rng.randint(-5, 5)) if done else None,
                    )
                )
            week_start = max(force.created_on, today - timedelta(days=180))
            while week_start < today - timedelta(days=7):
                year, week, _day = week_start.isocalendar()
                if rng.random() < 0.85:
                    reports.append(
                        WeeklyReport(
                            task_force=force,
                            iso_year=year,
                            iso_week=week,
                            progress="按计划推进",
                            percent_complete=rng.randint(0, 100),
                            was_on_time=rng.random() < 0.8,
                            submitted_at=moment(week_start + timedelta(days=4), rng),
                        )
                    )
                week_start += timedelta(days=7)
        self._bulk(Milestone, milestones)
        self._bulk(Task, tasks)
        self._bulk(WeeklyReport, reports)
