package org.telnet4j.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Selector} on one thread, serving listening sockets and connections.
 *
 * <p>Drive it either from the application's own loop, calling {@link #poll(long)} each tick as
 * miniboa does, or with {@link #start(String)} on a thread of its own. Either way every handler,
 * timer and task runs on that one thread, so application code needs no locks; other threads
 * hand work over with {@link #execute(Runnable)} (a bounded queue) and it runs on the next pass;
 * work for one connection goes through that connection's own {@link HandOffQueue}, so that one
 * busy producer cannot fill the queue every other connection relies on.
 *
 * <p>Errors: a {@link RuntimeException} or a {@link StackOverflowError} in a connection's handler
 * closes that connection and the loop goes on (a stack overflow has unwound by the time it is
 * caught; the loop's own state is intact). Any other {@link Error} (OutOfMemoryError above all)
 * leaves nothing to trust: a loop on its own thread ({@link #start}) closes everything, records
 * it ({@link #failure()}) and stops, so that {@link #awaitTermination} returns and the program can
 * exit instead of living on deaf.
 *
 * <p>A pass allocates nothing: ready keys are visited with {@link Selector#select(Consumer, long)}
 * (no selected-key set), every connection reads into one shared heap buffer, and output written
 * during the pass is flushed once at its end.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    /** Size of the shared read buffer: the most one read system call takes. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Default of {@link #setCloseTimeout}: 30 s. */
    public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 30_000;
    /** Default capacity of the cross-thread task queue. */
    public static final int DEFAULT_TASK_QUEUE = 65_536;

    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
    /** Connections whose input waits for the next pass; swapped with the spare each pass. */
    private java.util.ArrayList<Connection> backlog = new java.util.ArrayList<>();
    private java.util.ArrayList<Connection> spareBacklog = new java.util.ArrayList<>();
    private final ArrayBlockingQueue<Runnable> tasks;
    /** Connections' hand-off queues with work; each is in here at most once. */
    private final ConcurrentLinkedQueue<HandOffQueue> ready = new ConcurrentLinkedQueue<>();
    /** Loop thread: queues with more than a batch of work, put back after the pass. */
    private final ArrayList<HandOffQueue> readyAgain = new ArrayList<>();
    private final Runnable[] batch = new Runnable[HandOffQueue.BATCH];
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<Connection> dirty = new ArrayList<>();
    private final Set<Connection> connections = new HashSet<>();
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread owner;
    private volatile boolean running;
    private volatile boolean closed;
    private volatile boolean shuttingDown;
    private volatile long shutdownDeadline;
    private volatile Throwable failure;
    private volatile long closeTimeoutMillis = DEFAULT_CLOSE_TIMEOUT_MILLIS;
    private long timerSeq;
    private long now = System.nanoTime();

    /** A loop with the default task queue capacity. */
    public EventLoop() throws IOException {
        this(DEFAULT_TASK_QUEUE);
    }

    /** A loop whose cross-thread task queue holds at most {@code taskQueueCapacity} tasks. */
    public EventLoop(int taskQueueCapacity) throws IOException {
        this.selector = Selector.open();
        this.tasks = new ArrayBlockingQueue<>(taskQueueCapacity);
    }

    /**
     * Listens on {@code address}; accepted sockets go to {@code handler}.
     *
     * @return the bound address (with the real port when 0 was asked for)
     */
    public InetSocketAddress listen(InetSocketAddress address, int backlog, AcceptHandler handler) throws IOException {
        ServerSocketChannel ssc = ServerSocketChannel.open();
        try {
            ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ssc.bind(address, backlog);
            ssc.configureBlocking(false);
        } catch (IOException e) {
            ssc.close();
            throw e;
        }
        runOnLoop(() -> {
            try {
                ssc.register(selector, SelectionKey.OP_ACCEPT, new Acceptor(ssc, handler));
                listeners.add(ssc);
            } catch (IOException e) {
                LOG.error("cannot register listener {}: {}", address, e.toString());
            }
        });
        return (InetSocketAddress) ssc.getLocalAddress();
    }

    /**
     * Closes the listening socket bound to {@code address} (as {@link #listen} returned it):
     * nothing more is accepted there, and connections already made stay open. Loop thread.
     *
     * @return false if no listener was bound there
     */
    public boolean unlisten(InetSocketAddress address) {
        for (java.util.Iterator<ServerSocketChannel> it = listeners.iterator(); it.hasNext(); ) {
            ServerSocketChannel l = it.next();
            try {
                if (address.equals(l.getLocalAddress())) {
                    it.remove();
                    l.close();
                    return true;
                }
            } catch (IOException e) {
                LOG.debug("closing listener: {}", e.toString());
            }
        }
        return false;
    }

    /**
     * Adopts a connected, non-blocking socket (a client connection, or one accepted elsewhere).
     * Loop thread only.
     */
    public Connection register(SocketChannel ch, int outputCap, OverflowPolicy policy,
                               Function<Connection, ConnectionHandler> handlerFactory)
        throws IOException {
        ch.configureBlocking(false);
        Connection c = new Connection(this, ch, outputCap, policy);
        SelectionKey key = ch.register(selector, SelectionKey.OP_READ, c);
        c.attach(key, handlerFactory.apply(c));
        connections.add(c);
        return c;
    }

    /**
     * Connects to {@code address} without blocking the loop: the result completes on the loop
     * thread with the registered connection, or exceptionally (a {@link SocketTimeoutException}
     * after {@code timeoutMillis}, or the connect error). Resolve host names before calling: a
     * lookup would block. Safe from any thread.
     */
    public CompletableFuture<Connection> connect(InetSocketAddress address, long timeoutMillis,
                                                 int outputCap, OverflowPolicy policy,
                                                 Function<Connection, ConnectionHandler> handlerFactory) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        if (address.isUnresolved()) {
            result.completeExceptionally(new UnknownHostException(address.getHostString()));
            return result;
        }
        runOnLoop(() -> {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connector k = new Connector(ch, outputCap, policy, handlerFactory, result);
                if (ch.connect(address)) {
                    k.connected(ch.register(selector, 0, k));
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, k);
                    k.timer = schedule(timeoutMillis, TimeUnit.MILLISECONDS, () -> k.timeout(address, timeoutMillis));
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /**
     * How long a graceful {@link Connection#close} waits for the peer to take the queued output
     * before closing at once (logged); default {@link #DEFAULT_CLOSE_TIMEOUT_MILLIS}. Without it
     * a peer that never reads would keep a closing connection open for ever.
     */
    public void setCloseTimeout(java.time.Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("close timeout must be positive, was " + timeout);
        }
        closeTimeoutMillis = timeout.toMillis();
    }

    long closeTimeoutMillis() {
        return closeTimeoutMillis;
    }

    /** True if the calling thread is the one driving this loop. */
    public boolean isLoopThread() {
        return owner == Thread.currentThread();
    }

    /** True if the calling thread is the loop's thread (or no thread has polled yet). */
    public boolean inLoop() {
        Thread t = owner;
        return t == null || t == Thread.currentThread();
    }

    /**
     * Runs {@code task} on the loop thread at the next pass. Safe from any thread.
     *
     * @throws RejectedExecutionException if the loop is closed or the task queue is full
     */
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("event loop is closed");
        }
        if (!tasks.offer(task)) {
            throw new RejectedExecutionException("event loop task queue is full (" + tasks.size() + ")");
        }
        selector.wakeup();
    }

    /** Loop thread or any: {@code q} has work and was not in the ready list. */
    void ready(HandOffQueue q) {
        ready.add(q);
        selector.wakeup();
    }

    /** Runs {@code task} now if on the loop thread, otherwise hands it over with {@link #execute}. */
    public void runOnLoop(Runnable task) {
        if (inLoop() && owner != null) {
            task.run();
        } else {
            execute(task);
        }
    }

    /** Schedules {@code task} to run on the loop after {@code delay}. Loop thread only. */
    public Timer schedule(long delay, TimeUnit unit, Runnable task) {
        Timer t = new Timer(nanoTime() + unit.toNanos(delay), timerSeq++, task);
        timers.add(t);
        return t;
    }

    /** The loop's clock, {@link System#nanoTime()} read once per pass. */
    public long nanoTime() {
        return now;
    }

    /** Open connections. Loop thread only. */
    public Set<Connection> connections() {
        return connections;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Scratch for stages (TLS's packet and application buffers), shared by all connections. */
    private final ByteBuffer[] scratch = new ByteBuffer[2];

    /** Scratch buffer {@code which} (0 or 1) of at least {@code size} bytes. Loop thread. */
    ByteBuffer scratch(int which, int size) {
        ByteBuffer b = scratch[which];
        if (b == null || b.capacity() < size) {
            b = ByteBuffer.allocate(size);
            scratch[which] = b;
        }
        return b;
    }

    void markDirty(Connection c) {
        dirty.add(c);
    }

    /** Continues {@code c}'s held-back input on the next pass. Loop thread. */
    void addBacklog(Connection c) {
        if (!c.inBacklog) {
            c.inBacklog = true;
            backlog.add(c);
        }
    }

    /**
     * One slice for each connection with input held back: fair, since a connection that still has
     * more after its slice waits for the next pass, behind every other ready socket.
     */
    private void runBacklog() {
        if (backlog.isEmpty()) {
            return;
        }
        java.util.ArrayList<Connection> now = backlog;
        backlog = spareBacklog;
        spareBacklog = now;
        for (int i = 0; i < now.size(); i++) {
            Connection c = now.get(i);
            c.inBacklog = false;
            try {
                c.continueInput();
            } catch (RuntimeException e) {
                LOG.error("handler failed on {}; closing it", c, e);
                c.abort(CloseReason.IO_ERROR);
            }
        }
        now.clear();
    }

    void connectionClosed(Connection c) {
        connections.remove(c);
    }

    /**
     * One pass: waits up to {@code timeoutMillis} for I/O (0: do not wait; negative: wait until
     * something happens), handles what is ready, runs due timers and handed-over tasks, and
     * flushes output.
     *
     * @return the number of keys that were ready
     * @throws IllegalStateException if another thread drives this loop
     */
    public int poll(long timeoutMillis) throws IOException {
        Thread me = Thread.currentThread();
        Thread t = owner;
        if (t == null) {
            owner = me;
        } else if (t != me) {
            throw new IllegalStateException("event loop is driven by " + t.getName()
                + "; poll() from " + me.getName() + " is not allowed");
        }
        if (closed) {
            return 0;
        }
        now = System.nanoTime();
        runTasks();
        flushDirty();
        long wait = timeoutMillis;
        Timer next = timers.peek();
        if (next != null) {
            long dueMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(next.deadline - now + 999_999));
            wait = wait < 0 ? dueMs : Math.min(wait, dueMs);
        }
        if (!tasks.isEmpty() || !ready.isEmpty() || !backlog.isEmpty()) {
            wait = 0;
        }
        int n;
        try {
            n = wait == 0 ? selector.selectNow(onKey) : selector.select(onKey, Math.max(wait, 0));
        } catch (ClosedSelectorException e) {
            return 0;
        }
        now = System.nanoTime();
        runBacklog();
        runTimers();
        runTasks();
        flushDirty();
        return n;
    }

    private void onKey(SelectionKey key) {
        now = System.nanoTime(); // select may have blocked: handlers must see the current time
        Object a = key.attachment();
        if (!key.isValid()) {
            return;
        }
        try {
            if (a instanceof Connection) {
                ((Connection) a).onReady(key.readyOps());
            } else if (a instanceof Acceptor) {
                ((Acceptor) a).accept();
            } else if (a instanceof Connector) {
                ((Connector) a).finish(key);
            }
        } catch (RuntimeException e) {
            LOG.error("handler failed on {}; closing it", a, e);
            if (a instanceof Connection) {
                ((Connection) a).abort(CloseReason.IO_ERROR);
            }
        } catch (StackOverflowError e) {
            // Unwound by now: only this connection's handler is suspect, the loop is sound.
            LOG.error("handler overflowed the stack on {} ({}); closing it", a, describe(e));
            if (a instanceof Connection) {
                ((Connection) a).abort(CloseReason.IO_ERROR);
            }
        }
    }

    /** One line for an error: its class, message and the frame it was thrown from. */
    static String describe(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return st.length == 0 ? e.toString() : e + " at " + st[0];
    }

    private void runTimers() {
        Timer t;
        while ((t = timers.peek()) != null && t.deadline - now <= 0) {
            timers.poll();
            if (!t.isCancelled()) {
                runSafely(t.task);
            }
        }
    }

    private void runTasks() {
        // Only what is queued now: tasks that queue tasks cannot starve I/O.
        for (int n = tasks.size(); n > 0; n--) {
            Runnable r = tasks.poll();
            if (r == null) {
                break;
            }
            runSafely(r);
        }
        // One batch per connection's queue: a queue refilled meanwhile waits for the next pass.
        HandOffQueue q;
        while ((q = ready.poll()) != null) {
            if (q.drain(batch)) {
                readyAgain.add(q);
            }
        }
        if (!readyAgain.isEmpty()) {
            ready.addAll(readyAgain);
            readyAgain.clear();
        }
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("task failed", e);
        } catch (StackOverflowError e) {
            LOG.error("task overflowed the stack ({}); the loop goes on", describe(e));
        }
    }

    private void flushDirty() {
        // Index loop: flushing can close a connection, which may mark others dirty.
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    /** Runs the loop on a new thread named {@code name} until {@link #close()}. */
    public Thread start(String name) {
        if (owner != null) {
            throw new IllegalStateException("event loop already driven by " + owner.getName());
        }
        running = true;
        Thread th = new Thread(this::run, name);
        owner = th;
        th.start();
        return th;
    }

    private void run() {
        boolean draining = false;
        try {
            while (running && !closed) {
                if (shuttingDown && !draining) {
                    draining = true;
                    beginShutdown();
                }
                if (draining && (connections.isEmpty() || System.nanoTime() - shutdownDeadline >= 0)) {
                    break;
                }
                poll(draining ? 10 : 1000);
            }
        } catch (Throwable e) {
            // An OutOfMemoryError or worse: record it first, since logging may fail too.
            failure = e;
            try {
                LOG.error("event loop {} stopped by {}", Thread.currentThread().getName(), describe(e));
                LOG.debug("event loop failure", e);
            } catch (Throwable ignored) {
                // nothing left to report with; failure() still tells
            }
        } finally {
            try {
                closeNow();
            } catch (Throwable e) {
                closed = true; // whatever closing left undone, nothing more will run here
            } finally {
                stopped.countDown();
            }
        }
    }

    /**
     * What stopped a loop started with {@link #start}: the {@link Error} or exception that escaped
     * a pass, or null while it runs and after a normal stop.
     */
    public Throwable failure() {
        return failure;
    }

    /**
     * Waits until a loop started with {@link #start} has stopped (after {@link #close()},
     * {@link #shutdown}, or a {@link #failure()}).
     *
     * @return true if it stopped within the timeout
     */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /**
     * Stops the loop: listeners close at once, connections are closed after their queued output
     * is flushed (waiting at most {@code graceMillis}), then the selector closes. From the loop's
     * thread this runs passes until done; from another thread (a loop started with
     * {@link #start}) it asks the loop thread to do so and waits for it to finish.
     */
    public void shutdown(long graceMillis) {
        if (closed || stopped.getCount() == 0) {
            return; // closed already, or the loop thread has died: nothing to wait for
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        if (running && !inLoop()) {
            shutdownDeadline = deadline;
            shuttingDown = true;
            selector.wakeup();
            awaitStopped(graceMillis + 5000);
            return;
        }
        beginShutdown();
        try {
            while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
                poll(10);
            }
        } catch (IOException e) {
            LOG.warn("error while draining connections at shutdown: {}", e.toString());
        }
        closeNow();
    }

    private void beginShutdown() {
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.debug("closing listener: {}", e.toString());
            }
        }
        listeners.clear();
        for (Connection c : new ArrayList<>(connections)) {
            c.close(CloseReason.SHUTDOWN);
        }
        flushDirty();
    }

    private boolean awaitStopped(long millis) {
        try {
            return stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Closes everything at once, discarding queued output. */
    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        if (running && !inLoop()) {
            running = false;
            selector.wakeup();
            awaitStopped(5000);
            return;
        }
        closeNow();
    }

    private void closeNow() {
        if (closed) {
            return;
        }
        running = false;
        for (Connection c : new ArrayList<>(connections)) {
            c.abort(CloseReason.SHUTDOWN);
        }
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.debug("closing listener: {}", e.toString());
            }
        }
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing selector: {}", e.toString());
        }
        stopped.countDown();
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    /** A connect in progress: waits for OP_CONNECT, then becomes a {@link Connection}. */
    private final class Connector {
        private final SocketChannel ch;
        private final int outputCap;
        private final OverflowPolicy policy;
        private final Function<Connection, ConnectionHandler> factory;
        private final CompletableFuture<Connection> result;
        Timer timer;

        Connector(SocketChannel ch, int outputCap, OverflowPolicy policy,
                  Function<Connection, ConnectionHandler> factory, CompletableFuture<Connection> result) {
            this.ch = ch;
            this.outputCap = outputCap;
            this.policy = policy;
            this.factory = factory;
            this.result = result;
        }

        void finish(SelectionKey key) {
            try {
                if (!ch.finishConnect()) {
                    return;
                }
                connected(key);
            } catch (IOException e) {
                fail(key, e);
            }
        }

        void connected(SelectionKey key) {
            if (timer != null) {
                timer.cancel();
            }
            Connection c = new Connection(EventLoop.this, ch, outputCap, policy);
            key.attach(c);
            key.interestOps(SelectionKey.OP_READ);
            c.attach(key, factory.apply(c));
            connections.add(c);
            result.complete(c);
        }

        void timeout(InetSocketAddress address, long millis) {
            if (!result.isDone()) {
                SelectionKey key = ch.keyFor(selector);
                fail(key, new SocketTimeoutException("connect to " + address + " timed out after " + millis + " ms"));
            }
        }

        private void fail(SelectionKey key, IOException e) {
            if (timer != null) {
                timer.cancel();
            }
            if (key != null) {
                key.cancel();
            }
            closeQuietly(ch);
            result.completeExceptionally(e);
        }
    }

    /** Accepts on one listening socket. */
    private final class Acceptor {
        private static final int MAX_ACCEPTS_PER_PASS = 256;
        private final ServerSocketChannel ssc;
        private final AcceptHandler handler;

        Acceptor(ServerSocketChannel ssc, AcceptHandler handler) {
            this.ssc = ssc;
            this.handler = handler;
        }

        void accept() {
            for (int i = 0; i < MAX_ACCEPTS_PER_PASS; i++) {
                SocketChannel ch;
                try {
                    ch = ssc.accept();
                } catch (IOException e) {
                    LOG.warn("accept failed: {}", e.toString());
                    return;
                }
                if (ch == null) {
                    return;
                }
                try {
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    handler.onAccept(ch);
                } catch (IOException e) {
                    LOG.warn("setting up accepted socket failed: {}", e.toString());
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // already failing
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "Acceptor[" + ssc + "]";
        }
    }
}
