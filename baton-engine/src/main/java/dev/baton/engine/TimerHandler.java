package dev.baton.engine;

import dev.baton.engine.state.TimerEntry;

/** Decides what a fired timer means, as an {@link InputHandler} does for an input. */
interface TimerHandler {

  void handle(TimerEntry timer, Context ctx);
}
