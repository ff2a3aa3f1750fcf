import Foundation

extension CareerSimulation {
    /// One career year: promotions of every kind, post moves (acting posts, JPT, transfers
    /// between agencies), training, ratings, assessments, education, awards, discipline, leave.
    mutating func simulate(year: Int, hire: CivilDate, end: CivilDate, track: WorkforceCatalogue.Track, nip: NIP, clerk: String) {
        let yearsIn = year - hire.year, now = today
        func date(_ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day) ?? now }
        let within: (CivilDate) -> Bool = { day in day < end && day <= now }

        let round = date(random.chance(0.5) ? 4 : 10, 1)
        promote(on: round, nip: nip, clerk: clerk, within: within)

        // Post moves along the track, now and then an acting post or a move to another agency.
        let july = date(7, 1)
        if within(july), let move = postMove(track: track, yearsIn: yearsIn),
            move.kind == .jptPratama || (move.kind.minimumGrade.map({ grade >= $0 || random.chance(0.05) }) ?? true)
        {
            if move.org != post.org { add(.transferred(Transferred(from: post.org, to: move.org)), july, nip: nip, by: clerk) }
            if move.kind.isManagerial, move.kind != .jptPratama, random.chance(0.3) {
                // Held as acting (PLT) for a few months before the definitive appointment.
                add(.postAssigned(PostAssigned(post: move, assignment: .plt)), date(3, 1), nip: nip, by: clerk)
                add(.postReleased(PostReleased(title: move.title, assignment: .plt)), july, nip: nip, by: clerk)
            }
            add(.postAssigned(PostAssigned(post: move, assignment: .definitif)), july, nip: nip, by: clerk)
            post = move
            appraiser = nil
        } else if yearsIn >= 5, random.chance(0.03), within(date(9, 1)) {
            let acting = Post(title: "Kepala Seksi \(post.org.unit)", kind: .pengawas, echelon: "IV.a", org: post.org)
            let kind: AssignmentKind = random.chance(0.7) ? .plt : .plh
            add(.postAssigned(PostAssigned(post: acting, assignment: kind)), date(5, 1), nip: nip, by: clerk)
            add(.postReleased(PostReleased(title: acting.title, assignment: kind)), date(9, 1), nip: nip, by: clerk)
        } else if yearsIn >= 3, random.chance(0.006), within(date(8, 1)) {
            let others = WorkforceCatalogue.agencies.filter { $0 != post.org.agency }
            let destination = OrgUnit(unit: post.org.unit, agency: others[random.int(in: 0...others.count - 1)])
            add(.transferred(Transferred(from: post.org, to: destination)), date(8, 1), nip: nip, by: clerk)
            post.org = destination
            appraiser = nil
        }

        // Training (JP): about seven years in ten reach 20 JP.
        for _ in 0..<random.weighted([20, 45, 35]) {
            let course = WorkforceCatalogue.trainings[random.int(in: 0...WorkforceCatalogue.trainings.count - 1)]
            let start = date(1, 1).adding(days: random.int(in: 10...330))
            let stop = start.adding(days: random.int(in: 0...12))
            guard within(stop) else { continue }
            records.append(
                makeRecord(
                    .trainingCompleted(
                        TrainingCompleted(
                            name: course.0, kind: course.1, hours: [8, 16, 24, 32, 40, 60, 80][random.int(in: 0...6)], organiser: course.2,
                            certificate: "\(800 + random.int(in: 0...99))/\(random.int(in: 1...9999))/\(year)",
                            period: Period(start: start, end: stop),
                            competencies: year >= 2021 ? WorkforceCatalogue.trainingCompetencies[course.0] : nil)),
                    stop, nip: nip, by: random.chance(0.005) ? nip.digits : clerk))
        }
        if yearsIn == 2, !seniors.isEmpty, random.chance(0.25), within(date(2, 1)) {
            let mentor = seniors[random.int(in: 0...seniors.count - 1)].nip
            if mentor != nip {
                add(
                    .mentoringRecorded(
                        MentoringRecorded(
                            mentor: mentor, kind: random.chance(0.5) ? .mentoring : .coaching,
                            period: Period(start: date(2, 1), end: date(2, 1).adding(days: 180)))),
                    date(2, 1), nip: nip, by: clerk)
            }
        }
        if year >= 2021, random.chance(0.15), within(date(9, 1)) {
            add(
                .talentAssessed(
                    TalentAssessed(
                        performance: [.below, .meets, .above][random.weighted([10, 60, 30])],
                        potential: [.low, .middle, .high][random.weighted([25, 50, 25])])),
                date(9, 1), nip: nip, by: clerk)
        }
        if post.kind == .functional, random.chance(0.6), within(date(12, 15)) {
            let points = Double(random.int(in: 10...60)) / 2
            creditPoints += points
            add(.creditPointsAwarded(CreditPointsAwarded(points: points, year: year)), date(12, 15), nip: nip, by: clerk)
        }
        if let degree = laterDegree, degree.year == year, within(date(8, 30)) {
            let next = degree.level
            education = next
            add(
                .educationCompleted(EducationCompleted(level: next, institution: "Universitas Gadjah Mada")), date(8, 30), nip: nip,
                by: clerk)
        }
        if [10, 20, 30].contains(yearsIn), within(date(8, 17)) {
            add(
                .awardGranted(AwardGranted(name: "Satyalancana Karya Satya \(["X", "XX", "XXX"][yearsIn / 10 - 1]) Tahun")), date(8, 17),
                nip: nip, by: clerk)
        }
        if random.chance(0.004), within(date(3, 1)) {
            let level: DisciplineImposed.Level = [.light, .medium, .heavy][random.weighted([70, 22, 8])]
            add(
                .disciplineImposed(
                    DisciplineImposed(
                        level: level, period: Period(start: date(3, 1), end: date(3, 1).adding(days: level == .light ? 180 : 365)),
                        description: "pelanggaran disiplin")),
                date(3, 1), nip: nip, by: clerk)
        }
        // The yearly rating of the year before (on 15 January, before this year's leave changes).
        if within(date(1, 15)) { rate(year: year - 1, nip: nip, on: date(1, 15), by: clerk) }
        if !onLeave, yearsIn > 2, random.chance(0.003), within(date(2, 1)) {
            onLeave = true
            add(.leaveStarted(LeaveStarted(kind: .unpaid)), date(2, 1), nip: nip, by: clerk)
        } else if onLeave, random.chance(0.6), within(date(2, 1)) {
            onLeave = false
            add(.leaveEnded(LeaveEnded(kind: .unpaid)), date(2, 1), nip: nip, by: clerk)
        }
    }

    /// A promotion on `round`, when due: regular after four years (now and then three, a finding),
    /// functional after two with credit points, structural for a managerial post, a diploma
    /// adjustment after a degree, rarely outstanding achievement or another special kind.
    mutating func promote(on round: CivilDate, nip: NIP, clerk: String, within: (CivilDate) -> Bool) {
        guard !onLeave, within(round), let next = grade.next else { return }
        let years = gradeSince.wholeYears(until: round)
        var kind: PromotionKind?
        var to = next
        if let start = Self.educations.first(where: { $0.0 == education })?.3, start > grade, random.chance(0.5) {
            kind = .diplomaAdjustment
            to = start
        } else if post.kind == .functional, years >= 2, creditPoints >= 40, random.chance(0.5) {
            kind = .functional
            creditPoints = 0
        } else if post.kind.isManagerial, let minimum = post.kind.minimumGrade, grade < minimum, years >= 2, random.chance(0.5) {
            kind = .structural
        } else if years >= 4 + random.int(in: 0...2) || (years >= 3 && random.chance(0.03)) {
            kind = next <= education.promotionCeiling || random.chance(0.02) ? .regular : nil
        } else if years >= 2, random.chance(0.003) {
            kind = random.chance(0.5) ? .outstanding : .other
        }
        guard let kind else { return }
        let record = makeRecord(
            .gradePromoted(GradePromoted(from: grade, to: to, kind: kind)), round, nip: nip, by: random.chance(0.005) ? nip.digits : clerk)
        if random.chance(0.03) { deferred.append(record) } else { records.append(record) }  // recorded late
        grade = to
        gradeSince = round
    }

    mutating func rate(year: Int, nip: NIP, on date: CivilDate, by recorder: String) {
        // No rating for a year spent on unpaid leave (CLTN).
        guard !onLeave else { return }
        // The rater is a colleague among the generated employees, in service for two years or
        // more, of the same agency when one can; the very first careers, generated before anyone
        // could rate them, go unrated.
        if appraiser.map({ !$0.canRate(on: date) }) ?? true {
            let able = seniors.filter { $0.nip != nip && $0.canRate(on: date) }
            let near = able.filter { $0.agency == post.org.agency }
            let pool = near.isEmpty ? able : near
            appraiser = pool.isEmpty ? nil : pool[random.int(in: 0...pool.count - 1)]
        }
        guard let appraiser = appraiser?.nip, appraiser != nip else { return }
        let rating: PerformanceRated
        if year >= 2022 {
            let results: ExpectationLevel = [.above, .meets, .below][random.weighted([20, 74, 6])]
            let behaviour: ExpectationLevel = [.above, .meets, .below][random.weighted([20, 77, 3])]
            rating = PerformanceRated(
                year: year, results: results, behaviour: behaviour, predikat: Predikat.from(results: results, behaviour: behaviour),
                appraiser: appraiser)
        } else {
            let score = random.chance(0.04) ? Double(random.int(in: 600...759)) / 10 : Double(random.int(in: 760...950)) / 10
            rating = PerformanceRated(
                year: year, results: nil, behaviour: nil, predikat: Predikat.from(legacyScore: score), legacyScore: score,
                appraiser: appraiser)
        }
        add(.performanceRated(rating), date, nip: nip, by: recorder)
    }

    func firstPost(track: WorkforceCatalogue.Track, org: OrgUnit) -> Post {
        switch track {
        case .education: return Post(title: "Guru Ahli Pertama", kind: .functional, level: .ahliPertama, org: org)
        case .health: return Post(title: "Perawat Terampil", kind: .functional, level: .terampil, org: org)
        case .finance: return Post(title: "Pengelola Keuangan", kind: .pelaksana, org: org)
        case .administration: return Post(title: "Pengadministrasi Umum", kind: .pelaksana, org: org)
        }
    }

    /// The post change of this career year, if any (JPT posts for a few senior administrators).
    mutating func postMove(track: WorkforceCatalogue.Track, yearsIn: Int) -> Post? {
        let org = post.org
        switch (track, yearsIn) {
        case (.education, 8): return Post(title: "Guru Ahli Muda", kind: .functional, level: .ahliMuda, org: org)
        case (.education, 14) where random.chance(0.2):
            return Post(title: "Kepala Sekolah", kind: .functional, level: .ahliMuda, org: org, retirementAge: 60)
        case (.education, 16): return Post(title: "Guru Ahli Madya", kind: .functional, level: .ahliMadya, org: org)
        case (.education, 22) where random.chance(0.3):
            return Post(title: "Pengawas Sekolah Ahli Madya", kind: .functional, level: .ahliMadya, org: org, retirementAge: 60)
        case (.health, 9) where random.chance(0.4):
            return Post(
                title: "Analis Kebijakan Ahli Muda", kind: .functional, level: .ahliMuda, org: OrgUnit(unit: "Bappeda", agency: org.agency))
        case (.finance, 6):
            return Post(
                title: "Auditor Ahli Pertama", kind: .functional, level: .ahliPertama, org: OrgUnit(unit: "Inspektorat", agency: org.agency)
            )
        case (.finance, 14): return Post(title: "Auditor Ahli Muda", kind: .functional, level: .ahliMuda, org: org)
        case (.administration, 10) where random.chance(0.35):
            return Post(title: "Kepala Subbagian Umum", kind: .pengawas, echelon: "IV.a", org: org)
        case (.administration, 12) where random.chance(0.2):
            let unit = WorkforceCatalogue.otherUnits[random.int(in: 0...WorkforceCatalogue.otherUnits.count - 1)]
            return Post(
                title: "Analis Sumber Daya Manusia", kind: .functional, level: .ahliPertama, org: OrgUnit(unit: unit, agency: org.agency))
        case (.administration, 18) where random.chance(0.25):
            return Post(title: "Kepala Bagian Organisasi", kind: .administrator, echelon: "III.a", org: org)
        case (.administration, 22...30) where post.kind == .administrator && grade >= .IVa && random.chance(0.12):
            let unit = WorkforceCatalogue.otherUnits[random.int(in: 0...WorkforceCatalogue.otherUnits.count - 1)]
            return Post(title: "Kepala \(unit)", kind: .jptPratama, echelon: "II.b", org: OrgUnit(unit: unit, agency: org.agency))
        default:
            return nil
        }
    }

    /// A UUID version 7 (RFC 9562) that sorts by employee, then by creation within the career:
    /// the millisecond field is today's midnight plus the employee's index, the 12-bit counter
    /// counts this career's ids, the rest comes from the seeded generator. An import of generated
    /// careers then grows the event-id index at its right edge, as ids minted live do.
    /// `fromMerit`: the random bits come from the merit system's generator.
    mutating func uuid(fromMerit: Bool = false) -> UUID {
        let millisecond = UInt64(max(0, today.dayNumber)) * 86_400_000 + UInt64(index)
        let counter = UInt64(min(minted, 0xFFF))
        minted += 1
        let a = millisecond << 16 | 0x7000 | counter,
            b = (fromMerit ? merit.next() : random.next()) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * (7 - i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * (7 - i)))
        }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    /// A record with its decree (for the kinds that have one): mostly signed a few weeks before
    /// its TMT, now and then long after it (a backdated decree, a finding).
    mutating func makeRecord(_ event: CareerEvent, _ date: CivilDate, nip: NIP, by recorder: String) -> CareerRecord {
        var decree: Decree?
        if event.requiresDecree {
            decreeCounter += 1
            var signed = date.adding(days: -random.int(in: 5...40))
            if random.chance(0.02) { signed = min(today, date.adding(days: random.int(in: 100...400))) }
            decree = Decree(
                number: "800/\(index)-\(decreeCounter)/BKD/\(signed.year)", date: signed, signedBy: "Kepala Badan Kepegawaian Daerah")
        }
        return CareerRecord(id: uuid(), nip: nip, effectiveDate: date, decree: decree, recordedBy: "", event: event, operatorName: recorder)
    }

    mutating func add(_ event: CareerEvent, _ date: CivilDate, nip: NIP, by recorder: String) {
        records.append(makeRecord(event, date, nip: nip, by: recorder))
    }
}
