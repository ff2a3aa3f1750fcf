import Foundation

/// Simulates one career year by year.
struct CareerSimulation {
    var random: SeededGenerator
    let today: CivilDate
    let index: Int
    let mentors: [NIP]
    var records: [CareerRecord] = []
    var deferred: [CareerRecord] = []
    var decreeCounter = 0
    var minted = 0

    init(random: SeededGenerator, today: CivilDate, index: Int, mentors: [NIP]) {
        self.random = random
        self.today = today
        self.index = index
        self.mentors = mentors
    }

    /// A UUID version 7 (RFC 9562) that sorts by employee, then by creation within the career:
    /// the millisecond field is today's midnight plus the employee's index, the 12-bit counter
    /// counts this career's ids, the rest comes from the seeded generator. An import of generated
    /// careers then grows the event-id index at its right edge, as ids minted live do.
    mutating func uuid() -> UUID {
        let millisecond = UInt64(max(0, today.dayNumber)) * 86_400_000 + UInt64(index)
        let counter = UInt64(min(minted, 0xFFF))
        minted += 1
        let a = millisecond << 16 | 0x7000 | counter, b = random.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * (7 - i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * (7 - i)))
        }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    mutating func run(usedNIPs: inout Set<String>) -> GeneratedCareer? {
        // Who: age band, sex, education, track.
        let ageBand = random.weighted([9, 24, 33, 34])
        let age = [(22, 30), (31, 40), (41, 50), (51, 60)][ageBand]
        let ageNow = random.int(in: age.0...age.1)
        let birth = CivilDate(dayNumber: today.adding(years: -ageNow).dayNumber - random.int(in: 0...364))
        let female = random.chance(0.54)
        let educationIndex = random.weighted([14, 11, 56, 12, 1, 6])
        let education: EducationLevel = [.sma, .d3, .s1, .s2, .s3, .d1][educationIndex]
        let hireAge = min(ageNow - 1, max(19, [19, 22, 23, 26, 30, 21][educationIndex] + random.int(in: 0...9)))
        let hireYear = birth.year + hireAge
        guard hireYear >= today.year - 35, hireYear < today.year else { return nil }
        let hire = CivilDate(uncheckedYear: hireYear, month: random.int(in: 1...12), day: 1)
        guard hire > birth.adding(years: 18).firstOfNextMonth else { return nil }
        let sexDigit = female ? 2 : 1
        let base = birth.description.replacingOccurrences(of: "-", with: "") + String(hire.description.prefix(7)).replacingOccurrences(of: "-", with: "") + String(sexDigit)
        var sequence = 1
        while usedNIPs.contains(base + String(format: "%03d", sequence)) { sequence += 1 }
        guard sequence < 1000, let nip = try? NIP(base + String(format: "%03d", sequence)) else { return nil }
        usedNIPs.insert(nip.digits)

        let tracks = WorkforceCatalogue.Track.allCases
        let track = tracks[random.weighted([40, 20, 15, 25])]
        let agency = WorkforceCatalogue.agencies[random.int(in: 0...WorkforceCatalogue.agencies.count - 1)]
        var org = OrgUnit(unit: WorkforceCatalogue.unit(for: track), agency: agency)
        let operatorNIP = "19750101200001" + String(1001 + index % 7)
        var grade: Grade = [.IIa, .IIc, .IIIa, .IIIb, .IIIc, .IIa][educationIndex]
        var currentEducation = education
        var post = firstPost(track: track, org: org)

        // Appointment and confirmation.
        add(.cpnsAppointed(CpnsAppointed(grade: grade, post: post, education: education)), hire, nip: nip, by: operatorNIP)
        add(.pnsConfirmed(PnsConfirmed()), hire.adding(years: 1).firstOfNextMonth, nip: nip, by: operatorNIP)

        var gradeSince = hire
        var end = today
        let bupDate = birth.adding(years: post.bup).firstOfNextMonth
        var separation: Separated.Reason?
        if bupDate <= today { end = bupDate; separation = .retirement }
        if random.chance(0.005) { end = min(end, hire.adding(days: random.int(in: 700...(max(701, today.dayNumber - hire.dayNumber))))); separation = .death }
        else if random.chance(0.01) { end = min(end, hire.adding(years: random.int(in: 3...15))); separation = .ownRequest }

        var year = hire.year + 1
        var onLeave = false
        while year < end.year || (year == end.year && end.month > 1) {
            let yearStart = CivilDate(uncheckedYear: year, month: 1, day: 1)
            // Promotion on 1 April or 1 October after 4+ years (sometimes earlier: a violation).
            let aprilOrOctober = CivilDate(uncheckedYear: year, month: random.chance(0.5) ? 4 : 10, day: 1)
            let needed = random.chance(0.03) ? 3 : 4 + random.int(in: 0...2)
            let ceiling = currentEducation.promotionCeiling
            if !onLeave, let next = grade.next, gradeSince.wholeYears(until: aprilOrOctober) >= needed, aprilOrOctober < end,
               next <= ceiling || random.chance(0.02) {
                let promotion = CareerEvent.gradePromoted(GradePromoted(from: grade, to: next, kind: .regular))
                let record = makeRecord(promotion, aprilOrOctober, nip: nip, by: random.chance(0.005) ? nip.digits : operatorNIP)
                if random.chance(0.03) { deferred.append(record) } else { records.append(record) }   // backdated decree
                if random.chance(0.02) {
                    // A correction of the TMT, recorded later.
                    let fixed = aprilOrOctober.month == 4 ? CivilDate(uncheckedYear: year, month: 10, day: 1) : CivilDate(uncheckedYear: year + 1, month: 4, day: 1)
                    deferred.append(makeRecord(.corrected(Corrected(target: record.id, reason: "TMT pada SK salah ketik", replacement: promotion, replacementEffectiveDate: fixed)), fixed, nip: nip, by: operatorNIP))
                    gradeSince = fixed
                } else {
                    gradeSince = aprilOrOctober
                }
                grade = next
            }
            // Post moves along the track.
            let yearsIn = year - hire.year
            if let move = postMove(track: track, yearsIn: yearsIn, org: &org, grade: grade), CivilDate(uncheckedYear: year, month: 7, day: 1) < end,
               move.kind.minimumGrade.map({ grade >= $0 || random.chance(0.05) }) ?? true {
                let date = CivilDate(uncheckedYear: year, month: 7, day: 1)
                if move.org != post.org {
                    add(.transferred(Transferred(from: post.org, to: move.org)), date, nip: nip, by: operatorNIP)
                }
                add(.postAssigned(PostAssigned(post: move, assignment: .definitif)), date, nip: nip, by: operatorNIP)
                post = move
            }
            // Training (JP), roughly 70% of years reaching 20 JP.
            for _ in 0..<random.int(in: 0...2) {
                let course = WorkforceCatalogue.trainings[random.int(in: 0...WorkforceCatalogue.trainings.count - 1)]
                let start = yearStart.adding(days: random.int(in: 10...330))
                let stop = start.adding(days: random.int(in: 0...12))
                guard stop < end else { continue }
                let training = makeRecord(.trainingCompleted(TrainingCompleted(
                    name: course.0, kind: course.1, hours: [8, 16, 24, 32, 40, 60, 80][random.int(in: 0...6)], organiser: course.2,
                    certificate: "\(800 + random.int(in: 0...99))/\(random.int(in: 1...9999))/\(year)", period: Period(start: start, end: stop))),
                    stop, nip: nip, by: random.chance(0.005) ? nip.digits : operatorNIP)
                records.append(training)
                if random.chance(0.01) {
                    add(.rescinded(Rescinded(target: training.id, reason: "sertifikat tidak sah")), stop.adding(days: 60), nip: nip, by: operatorNIP)
                }
            }
            // Mentoring, talent assessment, credit points, education, awards, discipline, leave.
            if yearsIn == 2, !mentors.isEmpty, random.chance(0.25) {
                let mentor = mentors[random.int(in: 0...mentors.count - 1)]
                if mentor != nip {
                    let start = CivilDate(uncheckedYear: year, month: 2, day: 1)
                    add(.mentoringRecorded(MentoringRecorded(mentor: mentor, kind: random.chance(0.5) ? .mentoring : .coaching, period: Period(start: start, end: start.adding(days: 180)))), start, nip: nip, by: operatorNIP)
                }
            }
            if year >= 2021, random.chance(0.15) {
                add(.talentAssessed(TalentAssessed(performance: [.below, .meets, .above][random.weighted([10, 60, 30])], potential: [.low, .middle, .high][random.weighted([25, 50, 25])])), CivilDate(uncheckedYear: year, month: 9, day: 1), nip: nip, by: operatorNIP)
            }
            if post.kind == .functional, random.chance(0.6) {
                add(.creditPointsAwarded(CreditPointsAwarded(points: Double(random.int(in: 10...60)) / 2, year: year)), CivilDate(uncheckedYear: year, month: 12, day: 15), nip: nip, by: operatorNIP)
            }
            if currentEducation == .s1, yearsIn > 5, random.chance(0.02) {
                currentEducation = .s2
                add(.educationCompleted(EducationCompleted(level: .s2, institution: "Universitas Gadjah Mada")), CivilDate(uncheckedYear: year, month: 8, day: 30), nip: nip, by: operatorNIP)
            }
            if [10, 20, 30].contains(yearsIn) {
                add(.awardGranted(AwardGranted(name: "Satyalancana Karya Satya \(["X", "XX", "XXX"][yearsIn / 10 - 1]) Tahun")), CivilDate(uncheckedYear: year, month: 8, day: 17), nip: nip, by: operatorNIP)
            }
            if random.chance(0.003) {
                let start = CivilDate(uncheckedYear: year, month: 3, day: 1)
                add(.disciplineImposed(DisciplineImposed(level: .light, period: Period(start: start, end: start.adding(days: 180)), description: "teguran tertulis")), start, nip: nip, by: operatorNIP)
            }
            if !onLeave, random.chance(0.002) {
                onLeave = true
                add(.leaveStarted(LeaveStarted(kind: .unpaid)), CivilDate(uncheckedYear: year, month: 2, day: 1), nip: nip, by: operatorNIP)
            } else if onLeave {
                onLeave = false
                add(.leaveEnded(LeaveEnded(kind: .unpaid)), CivilDate(uncheckedYear: year, month: 2, day: 1), nip: nip, by: operatorNIP)
            }
            // The yearly rating of the previous year.
            rate(year: year - 1, nip: nip, on: CivilDate(uncheckedYear: year, month: 1, day: 15), by: operatorNIP)
            year += 1
            if !deferred.isEmpty, random.chance(0.5) {
                records += deferred
                deferred.removeAll()
            }
        }
        records += deferred
        if let separation {
            // Nothing takes effect after the separation (a year's last events may fall after a
            // death or retirement within it), and nothing corrects or rescinds what was dropped.
            var dropped = Set<UUID>()
            records = records.filter { record in
                switch record.event {
                case .corrected(let correction): return correction.replacementEffectiveDate <= end && !dropped.contains(correction.target)
                case .rescinded(let rescission): return !dropped.contains(rescission.target)
                default:
                    if record.effectiveDate > end { dropped.insert(record.id) }
                    return record.effectiveDate <= end
                }
            }
            add(.separated(Separated(reason: separation)), end, nip: nip, by: operatorNIP)
        }
        return GeneratedCareer(nip: nip, records: records)
    }

    mutating func rate(year: Int, nip: NIP, on date: CivilDate, by recorder: String) {
        let appraiser = try? NIP("197001011995031" + String(100 + index % 800))
        guard let appraiser, appraiser != nip else { return }
        let rating: PerformanceRated
        if year >= 2022 {
            let results: ExpectationLevel = [.above, .meets, .below][random.weighted([20, 74, 6])]
            let behaviour: ExpectationLevel = [.above, .meets, .below][random.weighted([20, 77, 3])]
            rating = PerformanceRated(year: year, results: results, behaviour: behaviour, predikat: Predikat.from(results: results, behaviour: behaviour), appraiser: appraiser)
        } else {
            let score = random.chance(0.04) ? Double(random.int(in: 600...759)) / 10 : Double(random.int(in: 760...950)) / 10
            rating = PerformanceRated(year: year, results: nil, behaviour: nil, predikat: Predikat.from(legacyScore: score), legacyScore: score, appraiser: appraiser)
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

    /// The post change of this career year, if any.
    mutating func postMove(track: WorkforceCatalogue.Track, yearsIn: Int, org: inout OrgUnit, grade: Grade) -> Post? {
        switch (track, yearsIn) {
        case (.education, 8): return Post(title: "Guru Ahli Muda", kind: .functional, level: .ahliMuda, org: org)
        case (.education, 14) where random.chance(0.2):
            return Post(title: "Kepala Sekolah", kind: .functional, level: .ahliMuda, org: org, retirementAge: 60)
        case (.education, 16): return Post(title: "Guru Ahli Madya", kind: .functional, level: .ahliMadya, org: org)
        case (.education, 22) where random.chance(0.3):
            return Post(title: "Pengawas Sekolah Ahli Madya", kind: .functional, level: .ahliMadya, org: org, retirementAge: 60)
        case (.health, 9) where random.chance(0.4):
            org = OrgUnit(unit: "Bappeda", agency: org.agency)
            return Post(title: "Analis Kebijakan Ahli Muda", kind: .functional, level: .ahliMuda, org: org)
        case (.finance, 6):
            org = OrgUnit(unit: "Inspektorat", agency: org.agency)
            return Post(title: "Auditor Ahli Pertama", kind: .functional, level: .ahliPertama, org: org)
        case (.finance, 14): return Post(title: "Auditor Ahli Muda", kind: .functional, level: .ahliMuda, org: org)
        case (.administration, 10) where random.chance(0.35):
            return Post(title: "Kepala Subbagian Umum", kind: .pengawas, echelon: "IV.a", org: org)
        case (.administration, 18) where random.chance(0.25):
            return Post(title: "Kepala Bagian Organisasi", kind: .administrator, echelon: "III.a", org: org)
        case (.administration, 12) where random.chance(0.2):
            org = OrgUnit(unit: WorkforceCatalogue.otherUnits[random.int(in: 0...WorkforceCatalogue.otherUnits.count - 1)], agency: org.agency)
            return Post(title: "Analis Sumber Daya Manusia", kind: .functional, level: .ahliPertama, org: org)
        default:
            return nil
        }
    }

    mutating func makeRecord(_ event: CareerEvent, _ date: CivilDate, nip: NIP, by recorder: String) -> CareerRecord {
        var decree: Decree?
        if event.requiresDecree {
            decreeCounter += 1
            decree = Decree(number: "800/\(index)-\(decreeCounter)/BKD/\(date.year)", date: date.adding(days: -random.int(in: 5...40)), signedBy: "Kepala Badan Kepegawaian Daerah")
        }
        return CareerRecord(id: uuid(), nip: nip, effectiveDate: date, decree: decree, recordedBy: "", event: event, operatorName: recorder)
    }

    mutating func add(_ event: CareerEvent, _ date: CivilDate, nip: NIP, by recorder: String) {
        records.append(makeRecord(event, date, nip: nip, by: recorder))
    }
}
