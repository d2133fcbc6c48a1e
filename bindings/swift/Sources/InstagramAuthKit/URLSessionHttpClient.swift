import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The library's requests over `URLSession`, so the system's trust store, proxy settings
/// and App Transport Security apply. Each request is sent as the library decided it: no
/// redirect is followed (the 3xx reply goes back to the library, which refuses it), the
/// request's own timeouts apply, and reading stops one byte past the size the library
/// accepts.
///
/// `InstagramAuth(config:)` uses it. Pass your own `HttpClient` (a `URLSession` with
/// certificate pinning, say) as `InstagramAuth(config:httpClient:)` instead.
public final class URLSessionHttpClient: HttpClient {
    private let configuration: URLSessionConfiguration

    /// - Parameter configuration: the session configuration to start from; `.ephemeral`
    ///   (no cookies, no cache, nothing written to disk) by default.
    public init(configuration: URLSessionConfiguration = .ephemeral) {
        self.configuration = configuration
    }

    public func send(request: HttpRequest) async throws -> HttpResponse {
        guard let url = URL(string: request.url()) else {
            throw HttpClientError.Network(detail: "the request URL is not valid")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method()
        // URLSession has no connect timeout: a request's `timeoutInterval` is how long it
        // may go without data, so it gets the whole request's time (the exchange's own
        // deadline ends it at that time in any case).
        urlRequest.timeoutInterval = Self.sessionTimeout(request.timeoutMs())
        for header in request.headers() {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body().isEmpty {
            urlRequest.httpBody = request.body()
        }
        // One session per request: its timeouts are the request's, and its delegate sees
        // only this exchange.
        let configuration = self.configuration.copy() as! URLSessionConfiguration
        configuration.timeoutIntervalForRequest = Self.sessionTimeout(request.timeoutMs())
        configuration.timeoutIntervalForResource = Self.sessionTimeout(request.timeoutMs())
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        let (limit, overflow) = Int(clamping: request.maxResponseBytes()).addingReportingOverflow(1)
        let exchange = Exchange(limit: overflow ? Int.max : limit)
        let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        // A cancelled caller (the app's task, or the library giving up) ends the request.
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(
                    session.dataTask(with: urlRequest), deadline: Self.seconds(request.timeoutMs()),
                    continuation: continuation
                )
            }
        } onCancel: {
            exchange.cancel()
        }
    }

    private static func seconds(_ milliseconds: UInt64) -> TimeInterval {
        TimeInterval(milliseconds) / 1000
    }

    /// swift-corelibs-foundation (Linux, Windows, Android) truncates URLSession's timeouts
    /// to whole seconds, so 800 ms became an immediate timeout. There they are rounded up;
    /// the exchange's own deadline still ends the request at the exact time.
    private static func sessionTimeout(_ milliseconds: UInt64) -> TimeInterval {
        #if canImport(FoundationNetworking)
        seconds(milliseconds).rounded(.up)
        #else
        seconds(milliseconds)
        #endif
    }
}

/// One request's life: refuses redirects, collects the body up to the limit, and resumes
/// the caller exactly once.
private final class Exchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let limit: Int
    private let lock = NSLock()
    private var status: UInt16 = 0
    private var url = ""
    private var headers: [HttpHeader] = []
    private var body = Data()
    private var task: URLSessionDataTask?
    private var cancelled = false
    private var continuation: CheckedContinuation<HttpResponse, Error>?

    init(limit: Int) {
        self.limit = limit
    }

    /// `deadline` bounds the whole exchange: URLSession's own timeouts reset whenever a
    /// byte arrives (on Linux even the resource timeout), so a server dripping its reply
    /// would hold the request for as long as it drips.
    func start(
        _ task: URLSessionDataTask, deadline: TimeInterval,
        continuation: CheckedContinuation<HttpResponse, Error>
    ) {
        let alreadyCancelled = locked { () -> Bool in
            self.continuation = continuation
            self.task = task
            return cancelled
        }
        if alreadyCancelled {
            cancel()
            return
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { [weak self] in
            self?.finish(.failure(HttpClientError.Timeout))
            task.cancel()
        }
        task.resume()
    }

    /// The caller gave up: the request ends now (also when it has not started yet).
    func cancel() {
        let task = locked { () -> URLSessionDataTask? in
            cancelled = true
            return self.task
        }
        finish(.failure(HttpClientError.Network(detail: "the request was cancelled")))
        task?.cancel()
    }

    /// NSLock.withLock needs iOS 16; the package supports older systems.
    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        // URLSession joins a repeated header's values with commas and keeps no order:
        // sorted by name, so the same reply always gives the same list.
        let received = (http?.allHeaderFields ?? [:])
            .map { HttpHeader(name: "\($0.key)", value: "\($0.value)") }
            .sorted { $0.name < $1.name }
        locked {
            status = UInt16(clamping: http?.statusCode ?? 0)
            url = response.url?.absoluteString ?? ""
            headers = received
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let full = locked { () -> Bool in
            body.append(data)
            return body.count >= limit
        }
        if full {
            finish(.success(reply()))
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let error else {
            finish(.success(reply()))
            return
        }
        let code = (error as? URLError)?.code
        if code == .timedOut {
            finish(.failure(HttpClientError.Timeout))
        } else if locked({ status != 0 && code == .cancelled }) {
            finish(.success(reply()))
        } else {
            finish(.failure(HttpClientError.Network(detail: "\(type(of: error)) \(code.map { "\($0.rawValue)" } ?? "")")))
        }
    }

    private func reply() -> HttpResponse {
        locked { HttpResponse(status: status, body: body.prefix(limit), url: url, headers: headers) }
    }

    private func finish(_ result: Result<HttpResponse, Error>) {
        let continuation = locked { () -> CheckedContinuation<HttpResponse, Error>? in
            defer { self.continuation = nil }
            return self.continuation
        }
        continuation?.resume(with: result)
    }
}
