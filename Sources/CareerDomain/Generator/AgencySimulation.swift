import Foundation

/// The agencies' streams of a generated workforce: each agency declares its competency standards
/// and career pattern, and runs an open selection before most definitive JPT appointments of the
/// careers (candidates and committee members drawn from colleagues of the agency). A few
/// appointments have no selection, and in a few the appointee was not among the proposed.
struct AgencySimulation {
    var random: SeededGenerator
    let today: CivilDate
    /// A definitive JPT appointment of a generated career.
    struct Appointment {
        var nip: NIP, post: Post, day: CivilDate
    }

    /// The agency records in the order they are recorded: by agency, then date.
    mutating func records(appointments: [Appointment], colleagues: [Colleague]) -> [AgencyRecord] {
        var records = [AgencyRecord]()
        for agency in WorkforceCatalogue.agencies {
            var own = [AgencyRecord]()
            let declared = CivilDate(year: 2020, month: 1, day: 2) ?? today
            if declared <= today {
                for (title, levels) in WorkforceCatalogue.competencyStandards {
                    let standard = levels.map { CompetencyLevel(competency: $0.0, level: $0.1) }
                    own.append(
                        record(agency, .competencyStandardDeclared(CompetencyStandardDeclared(title: title, levels: standard)), declared))
                }
                let paths = WorkforceCatalogue.careerPattern(for: agency).map { CareerPath(from: $0.0, to: $0.1) }
                own.append(record(agency, .careerPatternDeclared(CareerPatternDeclared(paths: paths)), declared))
            }
            let near = colleagues.filter { $0.agency == agency }
            for (number, appointment) in appointments.enumerated() where appointment.post.org.agency == agency {
                guard !random.chance(0.06) else { continue }  // filled without open selection
                own += selection("JPT-\(appointment.day.year)-\(number + 1)", for: appointment, agency: agency, colleagues: near)
            }
            records += own.enumerated().sorted { ($0.element.effectiveDate, $0.offset) < ($1.element.effectiveDate, $1.offset) }.map(
                \.element)
        }
        return records
    }

    /// One selection's events: announced four months before the appointment, a committee of five,
    /// three to five candidates assessed, three proposed, closed a month before.
    mutating func selection(_ id: String, for appointment: Appointment, agency: String, colleagues: [Colleague]) -> [AgencyRecord] {
        let closed = appointment.day.adding(days: -random.int(in: 20...45))
        let announced = closed.adding(days: -random.int(in: 100...140))
        let able = colleagues.filter { $0.nip != appointment.nip && $0.canRate(on: announced) }
        var pool = able
        var others = [NIP]()
        while others.count < random.int(in: 2...4), !pool.isEmpty {
            others.append(pool.remove(at: random.int(in: 0...pool.count - 1)).nip)
        }
        var panel = [PanelMember]()
        while panel.count < 3, !pool.isEmpty {
            let member = pool.remove(at: random.int(in: 0...pool.count - 1))
            panel.append(PanelMember(nip: member.nip, name: "Anggota Pansel \(panel.count + 1)"))
        }
        panel += [PanelMember(nip: nil, name: "Prof. Dr. Akademisi"), PanelMember(nip: nil, name: "Dr. Praktisi Manajemen SDM")]
        // Shuffled by hand (Fisher-Yates): the same on every machine and Swift version.
        var candidates = [appointment.nip] + others
        for index in stride(from: candidates.count - 1, to: 0, by: -1) { candidates.swapAt(index, random.int(in: 0...index)) }
        var events: [(CareerEvent, CivilDate)] = [
            (.vacancyAnnounced(VacancyAnnounced(selection: id, post: appointment.post)), announced),
            (.selectionCommitteeFormed(SelectionCommitteeFormed(selection: id, members: panel)), announced.adding(days: 7)),
        ]
        // The appointee among the proposed, but now and then not (a finding); the proposed passed.
        var proposed = Array(candidates.filter { $0 != appointment.nip }.prefix(2))
        if !random.chance(0.05) || proposed.isEmpty { proposed.insert(appointment.nip, at: random.int(in: 0...proposed.count)) }
        proposed = Array(proposed.prefix(3))
        for candidate in candidates {
            let score = proposed.contains(candidate) ? Double(random.int(in: 700...950)) / 10 : Double(random.int(in: 550...800)) / 10
            events.append(
                (
                    .candidateAssessed(
                        CandidateAssessed(selection: id, candidate: candidate, stage: .interview, score: score, passed: score >= 65)),
                    announced.adding(days: 60)
                ))
        }
        events.append((.candidatesProposed(CandidatesProposed(selection: id, candidates: proposed)), closed.adding(days: -10)))
        events.append((.selectionClosed(SelectionClosed(selection: id, outcome: .appointed, appointee: appointment.nip)), closed))
        return events.map { record(agency, $0.0, $0.1) }
    }

    mutating func record(_ agency: String, _ event: CareerEvent, _ day: CivilDate) -> AgencyRecord {
        var bytes = [UInt8](repeating: 0, count: 16)
        for offset in stride(from: 0, to: 16, by: 8) {
            let value = random.next()
            for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let id = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        return AgencyRecord(id: id, agency: agency, effectiveDate: day, recordedBy: "", event: event, operatorName: "197501012000011001")
    }
}
