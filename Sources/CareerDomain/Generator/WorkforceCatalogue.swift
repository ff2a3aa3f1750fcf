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
}
