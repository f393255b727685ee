package org.telnet4j.examples;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.telnet4j.server.DisconnectReason;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;

/**
 * A small playable MUD on the poll()-loop server: a handful of rooms, {@code look}, {@code say},
 * {@code who}, movement, and the MUD protocols clients expect: GMCP {@code Room.Info} when you
 * move and {@code Char.Vitals} as you heal, MSSP for crawlers, MCCP2 compression, prompts marked
 * with EOR or GA. Line mode: MUD clients edit their own input.
 *
 * <p>Run: {@code bin/telnet4j-mud [port]} (default 4000), then {@code bin/telnet4j-client
 * localhost 4000} or {@code tt++} and {@code #session mud localhost 4000}.
 */
public final class TinyMud implements SessionHandler {
    /** One place. */
    static final class Room {
        final int id;
        final String name;
        final String description;
        final Map<String, Integer> exits = new LinkedHashMap<>();

        Room(int id, String name, String description) {
            this.id = id;
            this.name = name;
            this.description = description;
        }
    }

    /** One player's state, kept as a session attribute. */
    static final class Player {
        String name;
        Room room;
        int hp = 12;
        final int maxHp = 20;
    }

    private static final String PLAYER = "tinymud.player";
    private final Map<Integer, Room> rooms = new LinkedHashMap<>();
    private final List<Session> players = new ArrayList<>();
    private final TelnetServer server;
    private final long started = System.currentTimeMillis();
    private long ticks;

    /** A MUD on {@code host:port} (0 picks a port). */
    public TinyMud(String host, int port) throws IOException {
        Room square = room(1, "Town Square", "Cobbles, a dry fountain, and roads in every direction.");
        Room inn = room(2, "The Sleepy Inn", "A warm room that smells of bread. The square is south.");
        Room gate = room(3, "East Gate", "The town gate, open to a muddy road. The square is west.");
        Room well = room(4, "Old Well", "A mossy well; something glints at the bottom. North is the square.");
        link(square, "north", inn, "south");
        link(square, "east", gate, "west");
        link(square, "south", well, "north");
        server = TelnetServer.builder().host(host).port(port).lineMode(true).handler(this)
            .compression(true).gmcp(true).msdp(true).mssp(this::status)
            .negotiationDeadline(Duration.ofSeconds(1)).build();
        server.bind();
    }

    private Room room(int id, String name, String description) {
        Room r = new Room(id, name, description);
        rooms.put(id, r);
        return r;
    }

    private static void link(Room a, String way, Room b, String back) {
        a.exits.put(way, b.id);
        b.exits.put(back, a.id);
    }

    /** The server, for its address. */
    public TelnetServer server() {
        return server;
    }

    /** MSSP variables for crawlers. */
    Map<String, List<String>> status() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("NAME", List.of("Tiny telnet4j MUD"));
        m.put("PLAYERS", List.of(Integer.toString(players.size())));
        m.put("UPTIME", List.of(Long.toString(started / 1000)));
        m.put("CODEBASE", List.of("telnet4j"));
        m.put("HOSTNAME", List.of("localhost"));
        m.put("GMCP", List.of("1"));
        m.put("MCCP", List.of("1"));
        return m;
    }

    /** One game tick: network, then commands, then the world (healing every 20 ticks). */
    public void tick(long pollMillis) throws IOException {
        server.poll(pollMillis);
        for (Session s : server.sessions()) {
            String line;
            while (s.isActive() && (line = s.nextLine()) != null) {
                command(s, line.trim());
            }
        }
        if (++ticks % 20 == 0) {
            for (Session s : players) {
                Player p = player(s);
                if (p.hp < p.maxHp) {
                    p.hp++;
                    vitals(s, p);
                }
            }
        }
    }

    @Override
    public void onConnect(Session s) {
        s.setAttribute(PLAYER, new Player());
        s.send("Welcome to the Tiny MUD.\n");
        s.prompt("By what name are you known? ");
    }

    @Override
    public void onDisconnect(Session s, DisconnectReason reason) {
        if (players.remove(s)) {
            Player p = player(s);
            tellRoom(p.room, s, p.name + " fades away.");
        }
    }

    private static Player player(Session s) {
        return (Player) s.getAttribute(PLAYER);
    }

    private void command(Session s, String line) {
        Player p = player(s);
        if (p.name == null) {
            login(s, p, line);
            return;
        }
        String[] w = line.split("\\s+", 2);
        String verb = w[0].toLowerCase(Locale.ROOT);
        String rest = w.length > 1 ? w[1] : "";
        switch (verb) {
            case "":
                break;
            case "look":
            case "l":
                look(s, p);
                break;
            case "say":
                if (rest.isEmpty()) {
                    s.send("Say what?\n");
                } else {
                    s.send("You say, \"" + rest + "\"\n");
                    tellRoom(p.room, s, p.name + " says, \"" + rest + "\"");
                }
                break;
            case "who":
                StringBuilder b = new StringBuilder("Players online:\n");
                for (Session o : players) {
                    b.append("  ").append(player(o).name).append(" (").append(player(o).room.name).append(")\n");
                }
                s.send(b.toString());
                break;
            case "n": case "s": case "e": case "w":
            case "north": case "south": case "east": case "west":
            case "go":
                move(s, p, verb.equals("go") ? rest : verb);
                break;
            case "quit":
                s.send("Farewell, " + p.name + ".\n");
                s.close();
                return;
            case "help":
                s.send("Commands: look, say TEXT, who, north/south/east/west (n s e w), quit\n");
                break;
            default:
                s.send("Huh? (try 'help')\n");
                break;
        }
        s.prompt(p.hp + "/" + p.maxHp + "hp > ");
    }

    private void login(Session s, Player p, String name) {
        if (!name.matches("[A-Za-z]{2,16}")) {
            s.prompt("Letters only, 2 to 16 of them. Your name? ");
            return;
        }
        p.name = Character.toUpperCase(name.charAt(0)) + name.substring(1).toLowerCase(Locale.ROOT);
        p.room = rooms.get(1);
        players.add(s);
        s.send("Hello, " + p.name + ". Type 'help' for commands.\n");
        tellRoom(p.room, s, p.name + " arrives.");
        look(s, p);
        vitals(s, p);
        s.prompt(p.hp + "/" + p.maxHp + "hp > ");
    }

    private void move(Session s, Player p, String way) {
        String full = expand(way);
        Integer to = p.room.exits.get(full);
        if (to == null) {
            s.send("You can't go that way.\n");
            return;
        }
        tellRoom(p.room, s, p.name + " leaves " + full + ".");
        p.room = rooms.get(to);
        tellRoom(p.room, s, p.name + " arrives.");
        look(s, p);
    }

    private static String expand(String way) {
        switch (way) {
            case "n": return "north";
            case "s": return "south";
            case "e": return "east";
            case "w": return "west";
            default: return way;
        }
    }

    private void look(Session s, Player p) {
        StringBuilder b = new StringBuilder();
        b.append(p.room.name).append('\n').append(p.room.description).append('\n');
        b.append("Exits: ").append(String.join(", ", p.room.exits.keySet())).append('\n');
        for (Session o : players) {
            if (o != s && player(o).room == p.room) {
                b.append(player(o).name).append(" is here.\n");
            }
        }
        s.send(b.toString());
        StringBuilder exits = new StringBuilder("{");
        for (Map.Entry<String, Integer> e : p.room.exits.entrySet()) {
            exits.append(exits.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        s.sendGmcp("Room.Info", "{\"num\":" + p.room.id + ",\"name\":\"" + p.room.name + "\",\"exits\":"
            + exits + "}}");
    }

    private static void vitals(Session s, Player p) {
        s.sendGmcp("Char.Vitals", "{\"hp\":" + p.hp + ",\"maxhp\":" + p.maxHp + "}");
        s.sendMsdp(Map.of("HEALTH", Integer.toString(p.hp), "HEALTH_MAX", Integer.toString(p.maxHp)));
    }

    private void tellRoom(Room room, Session except, String text) {
        for (Session o : players) {
            if (o != except && player(o).room == room) {
                o.send(text + "\n");
            }
        }
    }

    /** Runs the MUD until killed. */
    public static void main(String[] args) throws IOException {
        ExampleArgs a = ExampleArgs.parse("telnet4j-mud", "usage: bin/telnet4j-mud [PORT] [HOST]\n"
            + "Runs the example MUD on HOST (default localhost) port PORT (default 4000; 0 picks a free one).",
            args, 4000, true);
        TinyMud mud = null;
        try {
            mud = new TinyMud(a.host, a.port);
        } catch (IOException e) {
            a.cannotListen(e);
        }
        System.out.println("Tiny MUD on port " + mud.server().localAddress().getPort());
        while (true) {
            mud.tick(50);
        }
    }
}
