from backtofront.entry import main

raise SystemExit(main())
