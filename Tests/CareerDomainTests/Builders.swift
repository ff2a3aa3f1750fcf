import CareerDomain
import Foundation

/// Small helpers for writing careers in tests.
enum Build {
    static let nip = try! NIP("198609262015051001")  // crash-ok: test constant
    static let boss = try! NIP("197001011995031002")  // crash-ok: test constant
    static let unit = OrgUnit(unit: "Dinas Pendidikan", agency: "Pemerintah Kabupaten Sleman")
    static let teacher = Post(title: "Guru Ahli Pertama", kind: .functional, level: .ahliPertama, org: unit)

    static func date(_ text: String) -> CivilDate {
        CivilDate(text) ?? CivilDate(dayNumber: 0)
    }

    static func decree(_ number: String = "800/1/BKD", on day: String = "2015-04-20") -> Decree {
        Decree(number: number, date: date(day), signedBy: "Bupati Sleman")
    }

    static func record(
        _ event: CareerEvent, _ effective: String, nip: NIP = nip, id: UUID = UUID(), position: Int64? = nil,
        recordedAt: String? = nil, recordedBy: String = "197001011995031002"
    ) -> CareerRecord {
        CareerRecord(
            id: id, nip: nip, effectiveDate: date(effective), decree: event.requiresDecree ? decree() : nil,
            recordedBy: recordedBy, event: event, position: position,
            recordedAt: recordedAt.map { Int64(date($0).dayNumber) * 86_400_000_000 })
    }

    static func appointed(_ effective: String = "2015-05-01", grade: Grade = .IIIa, education: EducationLevel = .s1) -> CareerRecord {
        record(.cpnsAppointed(CpnsAppointed(grade: grade, post: teacher, education: education)), effective)
    }

    static func promoted(
        _ from: Grade, _ to: Grade, _ effective: String, kind: PromotionKind = .regular, recordedAt: String? = nil
    ) -> CareerRecord {
        record(.gradePromoted(GradePromoted(from: from, to: to, kind: kind)), effective, recordedAt: recordedAt)
    }

    static func rated(_ year: Int, _ predikat: Predikat) -> CareerRecord {
        let parts: (ExpectationLevel, ExpectationLevel) =
            predikat == .sangatBaik ? (.above, .above) : predikat == .baik ? (.meets, .meets) : (.below, .below)
        return record(
            .performanceRated(
                PerformanceRated(
                    year: year, results: parts.0, behaviour: parts.1, predikat: Predikat.from(results: parts.0, behaviour: parts.1),
                    appraiser: boss)),
            "\(year)-12-31")
    }

    static func training(_ hours: Int, _ start: String, _ end: String) -> CareerRecord {
        record(
            .trainingCompleted(
                TrainingCompleted(
                    name: "Pelatihan", kind: .technical, hours: hours, organiser: "BPSDM", certificate: "C-1",
                    period: Period(start: date(start), end: date(end)))), end)
    }
}
