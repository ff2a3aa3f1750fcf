/// Names the generator draws from: agencies (regional governments), units and career tracks.
enum WorkforceCatalogue {
    static let agencies = [
        "Pemerintah Kabupaten Sleman", "Pemerintah Kabupaten Banyumas", "Pemerintah Kota Makassar",
        "Pemerintah Provinsi Jawa Tengah", "Pemerintah Kabupaten Gowa", "Pemerintah Kota Padang",
        "Pemerintah Provinsi Kalimantan Timur", "Pemerintah Kabupaten Lombok Barat",
    ]

    /// The career tracks the source articles describe.
    enum Track: CaseIterable {
        /// Teacher, principal, school supervisor.
        case education
        /// Nurse or doctor, then a rotation into health policy.
        case health
        /// Finance staff, then auditor.
        case finance
        /// General administration and structural posts.
        case administration
    }

    static func unit(for track: Track) -> String {
        switch track {
        case .education: return "Dinas Pendidikan"
        case .health: return "Dinas Kesehatan"
        case .finance: return "Badan Keuangan Daerah"
        case .administration: return "Badan Kepegawaian Daerah"
        }
    }

    static let otherUnits = ["Inspektorat", "Bappeda", "Sekretariat Daerah", "Dinas Sosial", "Dinas Pekerjaan Umum"]

    static let trainings: [(String, TrainingCompleted.Kind, String)] = [
        ("Pelatihan Dasar CPNS", .leadership, "BPSDM"), ("Pelatihan Kepemimpinan Pengawas", .leadership, "LAN"),
        ("Pelatihan Kepemimpinan Administrator", .leadership, "LAN"), ("Bimbingan Teknis Kurikulum Merdeka", .technical, "LPMP"),
        ("Pelatihan Fungsional Auditor", .functional, "BPKP"), ("Workshop Analisis Kebijakan", .workshop, "LAN"),
        ("Seminar Pelayanan Publik", .seminar, "KemenPANRB"), ("Pelatihan Manajemen Keuangan Daerah", .technical, "BPSDM"),
        ("Magang Pengelolaan Kinerja", .internship, "BKN"), ("Coaching Kinerja", .coaching, "BKD"),
    ]

    /// The competencies each training develops (tagged from 2021 on).
    static let trainingCompetencies: [String: [String]] = [
        "Pelatihan Dasar CPNS": ["integritas", "perekat-bangsa"],
        "Pelatihan Kepemimpinan Pengawas": ["pengambilan-keputusan", "kerja-sama"],
        "Pelatihan Kepemimpinan Administrator": ["mengelola-perubahan", "pengambilan-keputusan"],
        "Bimbingan Teknis Kurikulum Merdeka": ["teknis:kurikulum"], "Pelatihan Fungsional Auditor": ["teknis:audit"],
        "Workshop Analisis Kebijakan": ["teknis:analisis-kebijakan", "orientasi-hasil"],
        "Seminar Pelayanan Publik": ["pelayanan-publik", "komunikasi"],
        "Pelatihan Manajemen Keuangan Daerah": ["teknis:keuangan-daerah"], "Magang Pengelolaan Kinerja": ["orientasi-hasil"],
        "Coaching Kinerja": ["pengembangan-diri"],
    ]

    /// The competency standards every agency declares, by post title.
    static let competencyStandards: [(String, [(String, Int)])] = {
        let managerial = [
            "integritas", "kerja-sama", "komunikasi", "orientasi-hasil", "pelayanan-publik", "pengembangan-diri",
            "mengelola-perubahan", "pengambilan-keputusan", "perekat-bangsa",
        ]
        func levels(_ level: Int, _ technical: String) -> [(String, Int)] { managerial.map { ($0, level) } + [(technical, level)] }
        return [
            ("Guru Ahli Pertama", levels(2, "teknis:kurikulum")), ("Guru Ahli Muda", levels(3, "teknis:kurikulum")),
            ("Guru Ahli Madya", levels(3, "teknis:kurikulum")), ("Auditor Ahli Pertama", levels(2, "teknis:audit")),
            ("Auditor Ahli Muda", levels(3, "teknis:audit")), ("Analis Kebijakan Ahli Muda", levels(3, "teknis:analisis-kebijakan")),
            ("Pengelola Keuangan", levels(2, "teknis:keuangan-daerah")), ("Kepala Subbagian Umum", levels(3, "teknis:keuangan-daerah")),
            ("Kepala Bagian Organisasi", levels(4, "teknis:keuangan-daerah")),
        ] + otherUnits.map { ("Kepala \($0)", levels(4, "teknis:analisis-kebijakan")) }
    }()

    /// The career pattern (pola karier) an agency declares: one agency leaves out teacher to
    /// school supervisor without a principal's post in between.
    static func careerPattern(for agency: String) -> [(String, String)] {
        var paths = [
            ("Guru", "Kepala Sekolah"), ("Kepala Sekolah", "Guru"), ("Kepala Sekolah", "Pengawas Sekolah"), ("Perawat", "Analis Kebijakan"),
            ("Pengelola Keuangan", "Auditor"), ("Pengadministrasi", "Kepala Subbagian"), ("Pengadministrasi", "Analis Sumber Daya Manusia"),
            ("Kepala Subbagian", "Analis Sumber Daya Manusia"), ("Kepala Subbagian", "Kepala Bagian"),
            ("Analis Sumber Daya Manusia", "Kepala Bagian"), ("Kepala Bagian", "Kepala"),
        ]
        if agency != "Pemerintah Kabupaten Gowa" { paths.append(("Guru", "Pengawas Sekolah")) }
        return paths
    }

    /// The technical competency a track's posts require.
    static func technicalCompetency(for track: Track) -> String {
        switch track {
        case .education: return "teknis:kurikulum"
        case .health: return "teknis:analisis-kebijakan"
        case .finance: return "teknis:audit"
        case .administration: return "teknis:keuangan-daerah"
        }
    }
}
