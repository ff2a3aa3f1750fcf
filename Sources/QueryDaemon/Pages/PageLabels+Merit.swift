extension PageLabels {
    /// The merit system's pages, in Indonesian.
    static let indonesianMerit: [String: String] = [
        "nav.merit": "Sistem merit", "home.merit": "Kesenjangan kompetensi, suksesi, seleksi terbuka, kesetaraan, mentoring.",
        "merit.title": "Sistem merit", "merit.section": "Sistem merit", "merit.selections": "Seleksi terbuka",
        "merit.competencies": "Profil kompetensi terhadap standar jabatan", "merit.ties": "Hubungan keluarga yang dinyatakan",
        "merit.successions": "Calon suksesor jabatan target", "merit.none": "Tidak ada.", "merit.post": "Jabatan sekarang",
        "merit.agency": "Instansi", "merit.selection": "Seleksi", "merit.stage": "Tahap", "merit.outcome": "Hasil",
        "merit.role": "Peran", "merit.score": "Nilai", "merit.proposed": "Diusulkan (tiga besar)", "merit.appointed": "Diangkat",
        "merit.competency": "Kompetensi", "merit.required": "Standar", "merit.assessed": "Hasil asesmen", "merit.gap": "Kesenjangan",
        "merit.assessedOn": "Tanggal asesmen", "merit.trainingsSince": "Pelatihan sesudahnya", "merit.declaredBy": "Dinyatakan oleh",
        "merit.relative": "Kerabat", "merit.relation": "Hubungan", "merit.declaredOn": "Tanggal", "merit.keyPost": "Jabatan target",
        "merit.readiness": "Kesiapan", "merit.talentBox": "Kotak talenta saat dinyatakan", "merit.yes": "ya", "merit.no": "tidak",
        "merit.basis": "Dari model baca pada posisi log", "merit.reports": "Laporan", "merit.csv": "Unduh CSV",
        "merit.personal": "Laporan ini menyebut NIP: setiap pembukaan dicatat di log akses.",
        "merit.truncated": "Semua baris ada di CSV; halaman ini menampilkan yang pertama:", "merit.from": "Dari tahun",
        "merit.to": "Sampai tahun", "merit.perUnit": "Per unit kerja", "merit.rows": "baris",
        "role.candidate": "peserta", "role.appointee": "yang diangkat", "role.committee": "panitia seleksi",
        "stage.announced": "diumumkan", "stage.committee": "panitia dibentuk", "stage.assessment": "penilaian",
        "stage.proposed": "tiga besar diusulkan", "stage.closed": "selesai", "outcome.appointed": "diangkat",
        "outcome.unfilled": "tidak terisi", "outcome.cancelled": "dibatalkan", "readiness.ready-now": "siap sekarang",
        "readiness.1-2-years": "1–2 tahun", "readiness.3-plus-years": "3 tahun atau lebih",
        "report.competency-gaps": "Kesenjangan kompetensi per unit", "report.competency-gaps-people": "Kesenjangan kompetensi per pegawai",
        "report.succession": "Suksesi per jabatan target", "report.selections": "Seleksi terbuka: tahap dan hasil",
        "report.equal-opportunity": "Kesetaraan kesempatan (jenis kelamin, umur)", "report.mentoring": "Mentoring",
        "reportDesc.competency-gaps": "Pegawai dengan standar jabatan, yang sudah diases, yang di bawah standar, dan yang sesudahnya "
            + "mengikuti pelatihan untuk kompetensi itu.",
        "reportDesc.competency-gaps-people": "Setiap pegawai yang hasil asesmennya di bawah standar jabatannya, per kompetensi.",
        "reportDesc.succession": "Calon suksesor per kesiapan; jabatan tanpa suksesor siap sekarang; calon dari luar kelompok talenta.",
        "reportDesc.selections": "Tahap, panitia, peserta, tiga besar yang diusulkan, dan apakah yang diangkat termasuk di antaranya.",
        "reportDesc.equal-opportunity": "Tingkat kenaikan pangkat, seleksi dan pelatihan 20 JP per jenis kelamin dan kelompok umur, "
            + "dengan jumlahnya; kelompok di bawah sepuluh orang ditandai.",
        "reportDesc.mentoring": "Siapa membimbing siapa, jumlah mentee, dan lama kenaikan pangkat mentee dibanding instansinya.",
    ]

    /// The merit system's pages, in English.
    static let englishMerit: [String: String] = [
        "nav.merit": "Merit system", "home.merit": "Competency gaps, succession, open selection, equal opportunity, mentoring.",
        "merit.title": "Merit system", "merit.section": "Merit system", "merit.selections": "Open selections",
        "merit.competencies": "Competency profile against the post's standard", "merit.ties": "Declared family ties",
        "merit.successions": "Successor for key posts", "merit.none": "None.", "merit.post": "Current post",
        "merit.agency": "Agency", "merit.selection": "Selection", "merit.stage": "Stage", "merit.outcome": "Outcome",
        "merit.role": "Role", "merit.score": "Score", "merit.proposed": "Proposed (best three)", "merit.appointed": "Appointed",
        "merit.competency": "Competency", "merit.required": "Standard", "merit.assessed": "Assessed", "merit.gap": "Gap",
        "merit.assessedOn": "Assessed on", "merit.trainingsSince": "Trainings since", "merit.declaredBy": "Declared by",
        "merit.relative": "Relative", "merit.relation": "Relation", "merit.declaredOn": "Date", "merit.keyPost": "Key post",
        "merit.readiness": "Readiness", "merit.talentBox": "Talent box when named", "merit.yes": "yes", "merit.no": "no",
        "merit.basis": "From the read models at log position", "merit.reports": "Reports", "merit.csv": "Download CSV",
        "merit.personal": "This report names NIPs: every opening is recorded in the access log.",
        "merit.truncated": "Every row is in the CSV; this page shows the first:", "merit.from": "From year", "merit.to": "To year",
        "merit.perUnit": "By unit", "merit.rows": "rows",
        "role.candidate": "candidate", "role.appointee": "appointee", "role.committee": "selection committee",
        "stage.announced": "announced", "stage.committee": "committee formed", "stage.assessment": "assessment",
        "stage.proposed": "best three proposed", "stage.closed": "closed", "outcome.appointed": "appointed",
        "outcome.unfilled": "unfilled", "outcome.cancelled": "cancelled", "readiness.ready-now": "ready now",
        "readiness.1-2-years": "1–2 years", "readiness.3-plus-years": "3 years or more",
        "report.competency-gaps": "Competency gaps by unit", "report.competency-gaps-people": "Competency gaps by employee",
        "report.succession": "Succession by key post", "report.selections": "Open selections: stages and outcomes",
        "report.equal-opportunity": "Equal opportunity (sex, age)", "report.mentoring": "Mentoring",
        "reportDesc.competency-gaps": "Employees with a post standard, those assessed, those below it, and those who then had training "
            + "for that competency.",
        "reportDesc.competency-gaps-people": "Every employee assessed below the post's standard, by competency.",
        "reportDesc.succession": "Successors by readiness; posts without a successor ready now; successors from outside the talent pool.",
        "reportDesc.selections": "Stage, committee, candidates, the best three proposed, and whether the appointee was among them.",
        "reportDesc.equal-opportunity": "Promotion, selection and 20 JP training rates by sex and age band, with their counts; groups "
            + "under ten people are marked.",
        "reportDesc.mentoring": "Who mentors whom, mentees per mentor, and mentees' years to promotion against their agency's.",
    ]
}
