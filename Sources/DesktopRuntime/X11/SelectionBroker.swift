import CX11
import SandboxAgentAPI

/// The server's side of the X selections (CLIPBOARD, PRIMARY) on the control connection.
///
/// Setting the clipboard makes a hidden window of ours the selection owner: the text lives in
/// this process and is served to every requesting client (TARGETS, UTF8_STRING, STRING, TEXT)
/// until another client takes ownership, so it survives the HTTP request. Reading converts the
/// selection into a property of our window; the answer arrives as events (`handle`), including
/// INCR transfers of large texts.
final class SelectionBroker {
    /// A read in progress: the text gathered so far; `done` once complete.
    struct Read {
        var selection: Atom
        var chunks: [UInt8] = []
        var incremental = false
        var done = false
        var text: String?
    }

    private let connection: X11Connection
    let window: Window
    private var owned: [Atom: String] = [:]
    private(set) var reads: [Atom: Read] = [:]

    init(connection: X11Connection) {
        self.connection = connection
        let display = connection.display
        window = XCreateSimpleWindow(display, connection.root, -10, -10, 1, 1, 0, 0, 0)
        XSelectInput(display, window, PropertyChangeMask)
        XStoreName(display, window, "sandbox-agent selections")
    }

    /// The atom of a selection name.
    func atom(of selection: ClipboardSelection) -> Atom {
        selection == .primary ? XA_PRIMARY : connection.atom("CLIPBOARD")
    }

    /// Takes ownership of `selection` with `text`.
    func own(_ selection: ClipboardSelection, text: String) throws(DesktopError) {
        let atom = atom(of: selection)
        owned[atom] = text
        try connection.checked("set selection \(selection.rawValue)", code: .clipboardFailed) {
            XSetSelectionOwner(connection.display, atom, window, 0)
        }
        guard XGetSelectionOwner(connection.display, atom) == window else {
            owned[atom] = nil
            throw DesktopError(.clipboardFailed, "the X server did not give us the \(selection.rawValue) selection")
        }
    }

    /// Our own text when we own `selection` (no round trip needed).
    func ownedText(_ selection: ClipboardSelection) -> String? {
        let atom = atom(of: selection)
        guard let text = owned[atom], XGetSelectionOwner(connection.display, atom) == window else { return nil }
        return text
    }

    /// Asks the owner of `selection` for its text; completion arrives through `handle`.
    func startRead(_ selection: ClipboardSelection) throws(DesktopError) {
        let atom = atom(of: selection)
        reads[atom] = Read(selection: atom)
        try connection.checked("read selection \(selection.rawValue)", code: .clipboardFailed) {
            XDeleteProperty(connection.display, window, propertyAtom(atom))
            XConvertSelection(connection.display, atom, connection.atom("UTF8_STRING"), propertyAtom(atom), window, 0)
        }
    }

    /// Takes a finished read out of the table.
    func finishedRead(_ selection: ClipboardSelection) -> Read? {
        let atom = atom(of: selection)
        guard let read = reads[atom], read.done else { return nil }
        reads[atom] = nil
        return read
    }

    /// Gives up a read (deadline passed).
    func abandonRead(_ selection: ClipboardSelection) {
        reads[atom(of: selection)] = nil
    }

    /// Handles one event of the control connection that concerns selections (others are ignored).
    func handle(_ event: inout XEvent) {
        switch event.type {
        case SelectionRequest: answer(event.xselectionrequest)
        case SelectionClear: owned[event.xselectionclear.selection] = nil
        case SelectionNotify: received(event.xselection)
        case PropertyNotify: propertyChanged(event.xproperty)
        default: break
        }
    }

    // MARK: Owner side

    private func answer(_ request: XSelectionRequestEvent) {
        let display = connection.display
        var reply = XEvent()
        reply.xselection.type = SelectionNotify
        reply.xselection.requestor = request.requestor
        reply.xselection.selection = request.selection
        reply.xselection.target = request.target
        reply.xselection.time = request.time
        let property = request.property == 0 ? request.target : request.property
        reply.xselection.property = 0
        if let text = owned[request.selection], store(text, target: request.target, on: request.requestor, property: property) {
            reply.xselection.property = property
        }
        sa_x11_clear_error(display)
        XSendEvent(display, request.requestor, 0, 0, &reply)
        XFlush(display)
    }

    /// Writes `text` as `target` into the requestor's property; false for targets we do not serve.
    private func store(_ text: String, target: Atom, on requestor: Window, property: Atom) -> Bool {
        let display = connection.display
        let utf8 = connection.atom("UTF8_STRING")
        switch target {
        case connection.atom("TARGETS"):
            var targets: [Atom] = [connection.atom("TARGETS"), utf8, XA_STRING, connection.atom("TEXT")]
            XChangeProperty(display, requestor, property, XA_ATOM, 32, PropModeReplace, &targets, Int32(targets.count))
        case utf8, connection.atom("TEXT"):
            var bytes = Array(text.utf8)
            XChangeProperty(display, requestor, property, utf8, 8, PropModeReplace, &bytes, Int32(bytes.count))
        case XA_STRING:
            var latin1 = text.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }
            XChangeProperty(display, requestor, property, XA_STRING, 8, PropModeReplace, &latin1, Int32(latin1.count))
        default:
            return false
        }
        return true
    }

    // MARK: Requestor side

    private func propertyAtom(_ selection: Atom) -> Atom {
        connection.atom(selection == XA_PRIMARY ? "SANDBOX_AGENT_PRIMARY" : "SANDBOX_AGENT_CLIPBOARD")
    }

    private func received(_ notify: XSelectionEvent) {
        guard var read = reads[notify.selection], !read.done else { return }
        if notify.property == 0 {
            read.done = true  // no owner, or the owner refused
        } else if let (type, bytes) = takeProperty(propertyAtom(notify.selection)) {
            if type == connection.atom("INCR") {
                read.incremental = true  // chunks follow as property changes
            } else {
                read.chunks = bytes
                read.text = String(decoding: bytes, as: UTF8.self)
                read.done = true
            }
        } else {
            read.done = true
        }
        reads[notify.selection] = read
    }

    private func propertyChanged(_ event: XPropertyEvent) {
        guard event.state == PropertyNewValue,
              let selection = reads.first(where: { $0.value.incremental && propertyAtom($0.key) == event.atom })?.key,
              var read = reads[selection], let (_, bytes) = takeProperty(event.atom)
        else { return }
        if bytes.isEmpty {
            read.text = String(decoding: read.chunks, as: UTF8.self)
            read.done = true
        } else {
            read.chunks += bytes
        }
        reads[selection] = read
    }

    /// Reads and deletes a property of our window (deleting it asks an INCR owner for more).
    private func takeProperty(_ property: Atom) -> (Atom, [UInt8])? {
        var type: Atom = 0
        var format: Int32 = 0
        var count: UInt = 0, remaining: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        let status = XGetWindowProperty(
            connection.display, window, property, 0, Int(Int32.max) / 4, 1, Atom(AnyPropertyType),
            &type, &format, &count, &remaining, &data)
        defer { if let data { XFree(data) } }
        guard status == Success else { return nil }
        guard let data, format == 8 else { return (type, []) }
        return (type, Array(UnsafeBufferPointer(start: data, count: Int(count))))
    }
}
