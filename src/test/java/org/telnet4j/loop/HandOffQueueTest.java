package org.telnet4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-connection hand-off to the loop: bounded, ordered, fair between queues. */
class HandOffQueueTest {

    @Test
    void tasksRunInOrderAndTheQueueRefusesPastItsCapacity() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            HandOffQueue q = new HandOffQueue(loop, 3, null);
            List<Integer> ran = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                assertTrue(q.offer(() -> ran.add(n)));
            }
            assertFalse(q.offer(() -> ran.add(99)), "a fourth task does not fit");
            assertTrue(q.finish(() -> ran.add(100)), "a finish task needs no room");
            assertFalse(q.finish(() -> ran.add(101)), "only the first finish counts");
            loop.poll(0);
            assertEquals(List.of(0, 1, 2, 100), ran);
            assertEquals(0, q.size());
        }
    }

    @Test
    void oneBusyQueueRunsABatchPerPassAndOthersAreNotHeldBack() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            HandOffQueue busy = new HandOffQueue(loop, 10_000, null);
            HandOffQueue quiet = new HandOffQueue(loop, 10, null);
            int[] busyRan = new int[1];
            boolean[] quietRan = new boolean[1];
            for (int i = 0; i < 3 * HandOffQueue.BATCH; i++) {
                busy.offer(() -> busyRan[0]++);
            }
            quiet.offer(() -> quietRan[0] = true);
            loop.poll(0);
            assertTrue(quietRan[0], "the quiet queue ran in the same pass");
            assertTrue(busyRan[0] <= 2 * HandOffQueue.BATCH, "at most a batch per pass: " + busyRan[0]);
            for (int i = 0; i < 5 && busyRan[0] < 3 * HandOffQueue.BATCH; i++) {
                loop.poll(0);
            }
            assertEquals(3 * HandOffQueue.BATCH, busyRan[0], "the rest ran in later passes");
        }
    }

    @Test
    void putWaitsForRoomAndThrowsOnceTheLoopCloses() throws Exception {
        EventLoop loop = new EventLoop();
        HandOffQueue q = new HandOffQueue(loop, 1, null);
        q.put(() -> { });
        CompletableFuture<Throwable> waiting = new CompletableFuture<>();
        Thread producer = putter(q, waiting);
        awaitWaiting(producer);
        assertFalse(waiting.isDone(), "a put into a full queue waits");
        loop.poll(0); // makes room: the waiting put goes in
        assertEquals(null, waiting.get(10, TimeUnit.SECONDS));
        if (q.size() == 0) {
            // The same pass may already have run the task that went in. This thread polled, so it
            // is the loop's: offer, as put would wait for itself.
            assertTrue(q.offer(() -> { }));
        }
        assertEquals(1, q.size());
        CompletableFuture<Throwable> stuck = new CompletableFuture<>();
        awaitWaiting(putter(q, stuck));
        loop.close(); // no room will ever come: the producer is released, not left waiting
        assertTrue(stuck.get(10, TimeUnit.SECONDS) instanceof RejectedExecutionException);
        assertThrows(RejectedExecutionException.class, () -> q.offer(() -> { }));
    }

    /** A thread that puts one task into {@code q} and completes {@code outcome} with what it threw. */
    private static Thread putter(HandOffQueue q, CompletableFuture<Throwable> outcome) {
        Thread t = new Thread(() -> {
            try {
                q.put(() -> { });
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "putter");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits (at most 10 s) until {@code t} is parked in put's wait for room. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < end, "the producer never waited: " + t.getState());
            Thread.onSpinWait();
        }
    }

    @Test
    void aTaskThatOverflowsTheStackIsContained() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            HandOffQueue q = new HandOffQueue(loop, 4, null);
            boolean[] after = new boolean[1];
            q.offer(HandOffQueueTest::recurse);
            q.offer(() -> after[0] = true);
            loop.poll(0);
            assertTrue(after[0], "the next task still ran");
        }
    }

    private static void recurse() {
        recurse();
    }
}
