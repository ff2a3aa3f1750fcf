extension CareerSimulation {
    /// The merit system's events of one career year, drawn from `merit`: a periodic salary
    /// increase (KGB) every two years, recorded from 2020 on (now and then one a year early, a
    /// finding); a competency assessment for some; for a few, a family tie declared with a
    /// colleague of the agency (sometimes the person's own appraiser, a conflict), now and then
    /// corrected later; a successor named for a key post after a talent assessment in the talent
    /// pool (rarely from outside it), now and then removed in a later year.
    mutating func meritYear(
        _ year: Int, since first: Int, hire: CivilDate, end: CivilDate, track: WorkforceCatalogue.Track, nip: NIP, clerk: String
    ) {
        let now = today
        func date(_ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day) ?? now }
        let within: (CivilDate) -> Bool = { day in day < end && day <= now }

        while nextSalaryIncrease.year == year {
            let due = nextSalaryIncrease
            guard within(due) else { break }
            let early = merit.chance(0.015)
            nextSalaryIncrease = due.adding(years: early ? 1 : 2)
            guard year >= 2020, !onLeave else { continue }
            let serviceYears = hire.wholeYears(until: due)
            let salary = 1_800_000 + grade.rawValue * 90_000 + serviceYears * 55_000
            addMerit(
                .salaryIncreaseGranted(SalaryIncreaseGranted(basicSalary: salary, serviceYears: serviceYears)), due, nip: nip, by: clerk)
        }
        if year >= 2021, year - hire.year >= 3, merit.chance(0.1), within(date(6, 1)) {
            var levels = Competency.standard.map { CompetencyLevel(competency: $0.code, level: merit.int(in: 2...4)) }
            levels.append(CompetencyLevel(competency: WorkforceCatalogue.technicalCompetency(for: track), level: merit.int(in: 1...4)))
            addMerit(
                .competencyAssessed(CompetencyAssessed(levels: levels, assessor: "UPT Penilaian Kompetensi BKD")), date(6, 1), nip: nip,
                by: clerk)
        }
        // Now and then a declared relation is found wrong and corrected.
        if let declared = tie, !declared.corrected, declared.record.effectiveDate.year < year, merit.chance(0.1), within(date(4, 1)),
            case .familyTieDeclared(let stated) = declared.record.event
        {
            let right = FamilyTieDeclared(relative: stated.relative, relation: stated.relation == .sibling ? .siblingInLaw : .sibling)
            addMerit(
                .corrected(
                    Corrected(
                        target: declared.record.id, reason: "hubungan keluarga salah dicatat", replacement: .familyTieDeclared(right),
                        replacementEffectiveDate: declared.record.effectiveDate)), date(4, 1), nip: nip, by: clerk)
            tie?.corrected = true
        }
        if let key = namedFor, merit.chance(0.1), within(date(2, 1)) {
            addMerit(.successorRemoved(SuccessorRemoved(keyPost: key)), date(2, 1), nip: nip, by: clerk)
            namedFor = nil
        }
        if tie == nil, year >= 2019, merit.chance(0.0025), within(date(3, 15)) {
            let near = seniors.filter { $0.nip != nip && $0.agency == post.org.agency }
            let relative =
                merit.chance(0.3) && appraiser != nil ? appraiser?.nip : near.isEmpty ? nil : near[merit.int(in: 0...near.count - 1)].nip
            if let relative, relative != nip {
                let relation = FamilyRelation.allCases[merit.weighted([40, 10, 10, 25, 5, 5, 5])]
                addMerit(.familyTieDeclared(FamilyTieDeclared(relative: relative, relation: relation)), date(3, 15), nip: nip, by: clerk)
                if let record = records.last { tie = (record, false) }
            }
        }
        for record in records[first...] {
            guard case .talentAssessed(let assessment) = record.event, within(date(10, 1)) else { continue }
            guard assessment.box.inTalentPool ? merit.chance(0.25) : merit.chance(0.01) else { continue }
            let unit = WorkforceCatalogue.otherUnits[merit.int(in: 0...WorkforceCatalogue.otherUnits.count - 1)]
            let key = KeyPost(title: "Kepala \(unit)", org: OrgUnit(unit: unit, agency: post.org.agency))
            let readiness = Readiness.allCases[merit.weighted([30, 45, 25])]
            addMerit(.successorNamed(SuccessorNamed(keyPost: key, readiness: readiness)), date(10, 1), nip: nip, by: clerk)
            namedFor = key
        }
    }

    /// A merit record, its id and decree drawn from `merit`.
    mutating func addMerit(_ event: CareerEvent, _ day: CivilDate, nip: NIP, by recorder: String) {
        var decree: Decree?
        if event.requiresDecree {
            decreeCounter += 1
            let signed = day.adding(days: -merit.int(in: 5...40))
            decree = Decree(
                number: "822.4/\(index)-\(decreeCounter)/BKD/\(signed.year)", date: signed, signedBy: "Kepala Badan Kepegawaian Daerah")
        }
        records.append(
            CareerRecord(
                id: uuid(fromMerit: true), nip: nip, effectiveDate: day, decree: decree, recordedBy: "", event: event,
                operatorName: recorder))
    }
}
