import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders the pages: mustache templates kept as resources of this target, the layout as
/// partials (`head`, `foot`), labels in the reader's language, and the stylesheet.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// Each template's text by name.
    let sources: [String: String]
    let stylesheet: String

    /// The templates and stylesheet bundled with the daemon; loaded once.
    static let bundled: Result<PageRenderer, PageRenderingError> = load()

    static func load() -> Result<PageRenderer, PageRenderingError> {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("pages") else {
            return .failure(PageRenderingError(detail: "the page resources are missing from the bundle"))
        }
        do {
            var library = MustacheLibrary()
            var sources = [String: String]()
            let templates = folder.appendingPathComponent("templates")
            for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) where name.hasSuffix(".mustache") {
                let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
                try library.register(text, named: String(name.dropLast(".mustache".count)))
                sources[String(name.dropLast(".mustache".count))] = text
            }
            let stylesheet = try String(contentsOf: folder.appendingPathComponent("style.css"), encoding: .utf8)
            return .success(PageRenderer(library: library, sources: sources, stylesheet: stylesheet))
        } catch {
            return .failure(PageRenderingError(detail: "a page template cannot be read: \(error)"))
        }
    }

    /// The template filled with `data`, or nil when there is no such template.
    func render(_ template: String, _ data: [String: Any]) -> String? {
        library.render(data, withTemplate: template)
    }

    /// Headers every page carries: no caching of personal pages, no framing, no resources from
    /// elsewhere, no inline scripts or styles.
    static func headers(contentType: String = "text/html; charset=utf-8") -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        return headers
    }
}

/// The page templates could not be loaded (a defect of the build, answered 500).
struct PageRenderingError: Error, CustomStringConvertible {
    var detail: String
    var description: String { detail }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!  // crash-ok: constant, valid name
}
